// pgm-icd's configuration file: what it accepts, and that every problem is
// reported as file:line: key: reason.

#include "icd_config.hpp"
#include "good_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using icd::daemon::LinkKind;
using icd::daemon::parseIcdConfig;
using icd::daemon::RelayKind;

using icd::daemon::test::kGoodIcdConfig;

std::vector<std::string> messages(const pgm::ConfigErrors& errors)
{
    std::vector<std::string> out;
    for (const auto& e : errors)
        out.push_back(pgm::format(e));
    return out;
}

bool anyContains(const pgm::ConfigErrors& errors, const std::string& text)
{
    auto all = messages(errors);
    return std::any_of(all.begin(), all.end(), [&](const std::string& m) { return m.find(text) != std::string::npos; });
}

TEST(IcdConfig, ReadsAHostWithItsTimings)
{
    auto loaded = parseIcdConfig("pgm-icd.conf", kGoodIcdConfig);
    ASSERT_TRUE(loaded.config) << testing::PrintToString(messages(loaded.errors));
    const auto& config = *loaded.config;
    EXPECT_EQ(config.stateDirectory, "/var/lib/pgm-icd-test");
    ASSERT_EQ(config.hosts.size(), 1u);
    const auto& h = config.hosts[0];
    EXPECT_EQ(h.name, "node-a");
    EXPECT_EQ(h.watch.id, "node-a");
    EXPECT_EQ(h.hostId, 1);
    EXPECT_EQ(h.link, LinkKind::Serial);
    EXPECT_EQ(h.serial.baud, 115200u);
    EXPECT_EQ(h.relay, RelayKind::Command);
    EXPECT_EQ(h.commandRelay.argv, (std::vector<std::string>{"/usr/sbin/fence-switch", "--port", "1"}));
    EXPECT_EQ(h.watch.heartbeatTimeout, std::chrono::seconds(2));
    EXPECT_EQ(h.watch.bootGrace, std::chrono::seconds(3));
    EXPECT_EQ(h.watch.offTime, std::chrono::seconds(1));
    EXPECT_EQ(h.watch.cycles.burst, 2u);
    EXPECT_EQ(h.watch.cycles.interval, std::chrono::minutes(1));
    EXPECT_EQ(h.watch.relayTimeout, std::chrono::seconds(2));
}

TEST(IcdConfig, ReportsBadValuesWithFileLineAndKey)
{
    auto loaded = parseIcdConfig("c.conf", "[Host.a]\nHostId=300\nDevice=/dev/ttyS0\nKeyFile=/k\n"
                                          "RelayCommand=/bin/true\nBaud=12345\nLink=radio\n");
    EXPECT_FALSE(loaded.config);
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:2: HostId: must be at most 255"));
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:6: Baud: unsupported baud rate"));
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:7: Link: invalid value"));
}

TEST(IcdConfig, NamesKeysAHostNeedsForItsLinkAndRelay)
{
    auto loaded = parseIcdConfig("c.conf", "[Host.a]\nHostId=1\nRelay=gpio\n[Host.b]\nHostId=2\nLink=gpio\n");
    EXPECT_FALSE(loaded.config);
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:1: Device: missing in [Host.a]"));
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:1: KeyFile: missing in [Host.a]"));
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:1: RelayLine: missing in [Host.a]"));
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:4: HeartbeatPeriod: missing in [Host.b]"));
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:4: RelayCommand: missing in [Host.b]"));
}

TEST(IcdConfig, RefusesSharedIdsAndDevices)
{
    auto loaded = parseIcdConfig("c.conf", "[Host.a]\nHostId=1\nDevice=/dev/ttyS0\nKeyFile=/k\nRelayCommand=/bin/true\n"
                                          "[Host.b]\nHostId=1\nDevice=/dev/ttyS0\nKeyFile=/k\nRelayCommand=/bin/true\n");
    EXPECT_FALSE(loaded.config);
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:7: HostId: id 1 is already used by host a"));
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:8: Device: /dev/ttyS0 is already the link of host a"));
}

TEST(IcdConfig, AppliesTheBoardTimingRules)
{
    // 3 cycles of (grace 180s + timeout 30s + off 5s) do not fit in 10 minutes.
    auto loaded = parseIcdConfig("c.conf", "[Host.a]\nHostId=1\nDevice=/dev/ttyS0\nKeyFile=/k\n"
                                          "RelayCommand=/bin/true\nCycleInterval=10min\n");
    EXPECT_FALSE(loaded.config);
    EXPECT_TRUE(anyContains(loaded.errors, "host a"));
}

TEST(IcdConfig, RefusesUnknownSectionsKeysAndAnEmptyBoard)
{
    auto loaded = parseIcdConfig("c.conf", "[Board]\nColour=blue\n[Relays]\n");
    EXPECT_FALSE(loaded.config);
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:2: Colour: unknown key"));
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:3: unknown section [Relays]"));
    EXPECT_TRUE(anyContains(loaded.errors, "no [Host.NAME] section"));
}

TEST(IcdConfig, ClearLatchOfMustNameConfiguredHosts)
{
    auto loaded = parseIcdConfig("c.conf", "[Host.a]\nHostId=1\nDevice=/dev/ttyS0\nKeyFile=/k\n"
                                          "RelayCommand=/bin/true\nClearLatchOf=b\n");
    EXPECT_FALSE(loaded.config);
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:6: ClearLatchOf: no host named b"));
}

const char* kHostA = "[Host.a]\nHostId=1\nDevice=/dev/ttyS0\nKeyFile=/k\nRelayCommand=/bin/true\n";
const char* kHostB = "[Host.b]\nHostId=2\nDevice=/dev/ttyS1\nKeyFile=/k\nRelayCommand=/bin/true\n";
const char* kHostC = "[Host.c]\nHostId=3\nDevice=/dev/ttyS2\nKeyFile=/k\nRelayCommand=/bin/true\n";

TEST(IcdConfig, ReadsPeersAndTheRaceWindow)
{
    const std::string text = std::string("[Board]\nFenceRaceWindow=750ms\n") + kHostA + "Peers=b\n" + kHostB +
                             "Peers=a\n" + kHostC + "Peers=\n";
    auto loaded = parseIcdConfig("c.conf", text);
    ASSERT_TRUE(loaded.config) << testing::PrintToString(messages(loaded.errors));
    EXPECT_EQ(loaded.config->fence.raceWindow, std::chrono::milliseconds(750));
    const auto& hosts = loaded.config->hosts;
    EXPECT_EQ(hosts[0].watch.peers, std::vector<std::string>{"b"});
    EXPECT_EQ(hosts[0].watch.hostId, 1u);
    EXPECT_EQ(hosts[2].watch.peers, std::vector<std::string>{});
}

TEST(IcdConfig, PeersAndTheRaceWindowHaveDefaults)
{
    auto loaded = parseIcdConfig("c.conf", std::string(kHostA) + kHostB);
    ASSERT_TRUE(loaded.config) << testing::PrintToString(messages(loaded.errors));
    EXPECT_EQ(loaded.config->fence.raceWindow, std::chrono::milliseconds(500));
    EXPECT_FALSE(loaded.config->hosts[0].watch.peers);
}

TEST(IcdConfig, ReportsPeersProblemsWhereTheyWereSet)
{
    // Line 6: a's Peers=; c (line 13) has every other host as its peers by default.
    const std::string text = std::string(kHostA) + "Peers=b a x\n" + kHostB + "Peers=a\n" + kHostC +
                             "[Board]\nFenceRaceWindow=soon\n";
    auto loaded = parseIcdConfig("c.conf", text);
    EXPECT_FALSE(loaded.config);
    const auto all = messages(loaded.errors);
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:6: Peers: Peers= names the host itself"));
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:6: Peers: Peers= names x, which is not a configured host"));
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:13: host c: its peers (every other host, by default) include a, "
                                           "but the Peers= of a do not include c"))
        << testing::PrintToString(all);
    EXPECT_TRUE(anyContains(loaded.errors, "c.conf:19: FenceRaceWindow:")) << testing::PrintToString(all);
    // Each problem once, not again as the board words it.
    EXPECT_EQ(std::count_if(all.begin(), all.end(),
                            [](const std::string& m) { return m.find("names the host itself") != std::string::npos; }),
              1);
    EXPECT_EQ(std::count_if(all.begin(), all.end(),
                            [](const std::string& m) { return m.find("must name each other") != std::string::npos; }),
              2);
}

} // namespace
