#pragma once
// A running pgmd bus layer on a private dbus-daemon: the server connection
// runs its event loop in a thread, the client connection is pumped by the
// test. Two connections because sdbus-c++ 1.2 cannot call itself.

#include "bus_clients.hpp"
#include "child_process.hpp"
#include "fake_state_source.hpp"
#include "test_bus_daemon.hpp"

#include "bus/bus_server.hpp"

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <sdbus-c++/sdbus-c++.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace pgmd::test {

// Acting on groups takes root, and calling as another user takes root too.
#define SKIP_UNLESS_ROOT()                                                                          \
    if (getuid() != 0)                                                                             \
    GTEST_SKIP() << "needs root: calls as root and as nobody"

inline constexpr uid_t kNobody = 65534;
inline constexpr gid_t kNogroup = 65534;

// The server's admin group in these tests: a group every Debian system has,
// so that no test creates a group on the host. nobody is not a member
// unless a test makes it one for its child.
inline constexpr const char* kAdminGroup = "users";

// Two groups; the second has characters that must be escaped in its path.
GroupInfo alphaGroup();
GroupInfo webGroup();
ManagerInfo managerInfo();

class BusFixture : public ::testing::Test {
protected:
    explicit BusFixture(const std::string& busConfig);
    void SetUp() override;
    void TearDown() override;

    std::unique_ptr<GroupClient> groupClient(const std::string& name);
    // Another client connection to the test bus, pumped by the test.
    std::unique_ptr<sdbus::IConnection> connectClient();

    // Runs `action` on the server while its event loop is stopped, as pgmd
    // runs everything on one thread; the loop resumes afterwards.
    void withServerPaused(const std::function<void()>& action);
    // Runs `action` on the server as withServerPaused does, then waits until
    // the manager client has heard everything it sent (up to a marker sent
    // after it); manager->escalations starts empty.
    void actAndHearAll(const std::function<void()>& action);

    // dbus-send as `uid`; its exit code and output.
    ChildResult dbusSendAs(uid_t uid, gid_t gid, const std::string& path, const std::string& method,
                           const std::vector<std::string>& args = {});
    ChildResult dbusSendAs(const Identity& who, const std::string& path, const std::string& method,
                           const std::vector<std::string>& args = {});

    TestBusDaemon bus;
    FakeStateSource source;
    std::unique_ptr<sdbus::IConnection> serverConnection;
    std::unique_ptr<BusServer> server;
    std::unique_ptr<sdbus::IConnection> clientConnection;
    std::unique_ptr<ManagerClient> manager;
};

} // namespace pgmd::test
