#include "daemon_fixture.hpp"

#include "config/config_loader.hpp"
#include "systemd/systemd_client.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace pgmd::test {

void DaemonFixture::SetUp()
{
    if (!bus.available())
        GTEST_SKIP() << bus.whyNot();
}

void DaemonFixture::TearDown()
{
    daemon.reset();
    writer.reset();
    if (apiBus)
        loop.detach(*apiBus);
    if (systemdBus)
        loop.detach(*systemdBus);
}

void DaemonFixture::makeDaemon(const std::vector<std::string>& units, const std::map<std::string, std::string>& groups,
                               const Clock& clock, const std::string& moreConf, ClusterLinkFactory clusterLink)
{
    fake = std::make_unique<FakeSystemd>(bus.address());
    for (const std::string& unit : units)
        fake->addUnit(unit);
    writeConfig("pgmd.conf", "[Manager]\nNodeName=test-node\nStateDirectory=" + stateDir.path() + "\n" + moreConf);
    for (const auto& [name, text] : groups)
        writeConfig("groups.d/" + name + ".group", text);

    systemdBus = sdbus::createSessionBusConnectionWithAddress(bus.address());
    apiBus = sdbus::createSessionBusConnectionWithAddress(bus.address());
    loop.attach(*systemdBus);
    loop.attach(*apiBus);
    writer = std::make_unique<StateWriter>(stateDir.path(), [](const std::string&) {});

    LoadResult loaded = loadConfig(configDir.path());
    ASSERT_TRUE(loaded.ok()) << format(loaded.errors.front());
    DaemonParts parts{
        loop,
        *apiBus,
        clock,
        *writer,
        [this](SystemdListener& listener) {
            return std::make_unique<SystemdClient>(*systemdBus, listener, unitDir.path());
        },
        [](SystemdClient&) { return std::string("test-boot"); },
        std::nullopt,
        std::move(clusterLink),
    };
    daemon = std::make_unique<Daemon>(std::move(loaded.config), configDir.path(), parts);
}

void DaemonFixture::writeConfig(const std::string& relativePath, const std::string& text) const
{
    const std::filesystem::path path = std::filesystem::path(configDir.path()) / relativePath;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

bool DaemonFixture::called(const std::string& call) const
{
    const auto calls = fake->calls();
    return std::find(calls.begin(), calls.end(), call) != calls.end();
}

} // namespace pgmd::test
