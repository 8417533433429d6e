#pragma once
// pgmd's daemon as it runs (engine, sinks, bus view, operator commands,
// reloader), on a private bus with a fake org.freedesktop.systemd1: no root,
// no sandbox. The daemon serves org.pgmd1 on the same bus. Shared by the
// application layer's tests and its cluster part's.

#include "app/daemon.hpp"

#include "../unit/support/temp_dir.hpp"
#include "fake_systemd.hpp"
#include "private_bus.hpp"

#include "common/loop/event_loop.hpp"
#include "persist/state_writer.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sdbus-c++/sdbus-c++.h>

namespace pgmd::test {

class DaemonFixture : public ::testing::Test {
protected:
    using ClusterLinkFactory = std::function<std::unique_ptr<cluster::ClusterLink>(cluster::ClusterListener&)>;

    // Skips the test when no private bus can be had.
    void SetUp() override;
    void TearDown() override;

    // Adds `units` to the fake systemd, writes pgmd.conf ([Manager] with
    // NodeName=test-node and the state directory, then `moreConf`) and
    // groups.d/NAME.group for each of `groups`, and builds the daemon on
    // `clock` (which must outlive it), not started yet.
    void makeDaemon(const std::vector<std::string>& units, const std::map<std::string, std::string>& groups,
                    const Clock& clock, const std::string& moreConf = "", ClusterLinkFactory clusterLink = {});

    // Writes a file below the configuration directory, making its directory.
    void writeConfig(const std::string& relativePath, const std::string& text) const;
    // Whether the fake systemd received this call ("StartUnit a.service replace").
    bool called(const std::string& call) const;

    PrivateBus bus;
    TempDir configDir, stateDir, unitDir;
    std::unique_ptr<FakeSystemd> fake;
    pgm::EventLoop loop;
    std::unique_ptr<sdbus::IConnection> systemdBus, apiBus;
    std::unique_ptr<StateWriter> writer;
    std::unique_ptr<Daemon> daemon;
};

} // namespace pgmd::test
