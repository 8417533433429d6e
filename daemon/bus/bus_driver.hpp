#pragma once
// The message bus itself (org.freedesktop.DBus), as pgmd asks it about its
// callers: who they are, and whether they are still connected.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace sdbus {
class IConnection;
class IProxy;
} // namespace sdbus

namespace pgmd {

// What the bus recorded about a connection when it connected.
struct BusCredentials {
    uid_t uid = static_cast<uid_t>(-1);  // effective uid
    // Effective gid and supplementary gids; empty when the bus does not
    // report them (dbus-daemon without SO_PEERGROUPS).
    std::optional<std::vector<gid_t>> gids;
    pid_t pid = 0;  // 0 when the bus does not report it
};

class BusDriver {
public:
    explicit BusDriver(sdbus::IConnection& connection);
    ~BusDriver();
    BusDriver(const BusDriver&) = delete;
    BusDriver& operator=(const BusDriver&) = delete;

    // One GetConnectionCredentials round trip. Throws sdbus::Error when the
    // bus cannot answer (e.g. the connection is gone).
    BusCredentials credentials(const std::string& uniqueName);

    // Asks NameHasOwner without waiting; calls `gone` from the connection's
    // dispatch if the answer is no. An error answer calls nothing. Pending
    // questions end with this object.
    void whenNameHasNoOwner(const std::string& uniqueName, std::function<void()> gone);

private:
    std::unique_ptr<sdbus::IProxy> proxy_;
};

} // namespace pgmd
