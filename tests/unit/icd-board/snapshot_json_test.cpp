// The state file's format.

#include "board/snapshot_json.hpp"

#include <gtest/gtest.h>

using namespace icd::board;

namespace {

BoardSnapshot sample()
{
    BoardSnapshot s;
    s.bootId = "3f1c";
    PersistedHost& a = s.hosts["node-a"];
    a.state = HostState::OffLatched;
    a.power = PowerState::Off;
    a.cycles = {TimePoint{1'700'000'000'000'000}, TimePoint{1'700'000'600'000'000}};
    a.lastAction = {LastActionKind::PowerOff, ActionCause::CycleLimit, TimePoint{1'700'000'900'000'000},
                    "cycle limit 3 in 1h reached: powered off and latched (heartbeat timeout after 30s)"};
    a.counters = {3, 1, 4, 2, 0, 5, 7};
    s.hosts["node-b"].state = HostState::Armed;
    return s;
}

std::string errorOf(const std::string& text)
{
    std::string error;
    EXPECT_EQ(boardSnapshotFromJson(text, &error), std::nullopt) << text;
    return error;
}

} // namespace

TEST(SnapshotJson, RoundTripsEveryField)
{
    const BoardSnapshot s = sample();
    std::string error;
    auto back = boardSnapshotFromJson(toJson(s), &error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(*back, s);
}

TEST(SnapshotJson, WritesNamesNotNumbers)
{
    const std::string text = toJson(sample());
    EXPECT_NE(text.find("\"version\": 1"), std::string::npos);
    EXPECT_NE(text.find("\"off-latched\""), std::string::npos);
    EXPECT_NE(text.find("\"power-off\""), std::string::npos);
    EXPECT_NE(text.find("\"cycle-limit\""), std::string::npos);
    EXPECT_NE(text.find("\"relay_failures\": 7"), std::string::npos);
}

TEST(SnapshotJson, AbsentMembersTakeTheirDefaults)
{
    auto s = boardSnapshotFromJson(R"({"version": 1, "hosts": {"a": {"state": "armed"}}})", nullptr);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->hosts.at("a").state, HostState::Armed);
    EXPECT_EQ(s->hosts.at("a").power, PowerState::Unknown);
    EXPECT_TRUE(s->hosts.at("a").cycles.empty());
    EXPECT_EQ(s->hosts.at("a").counters, HostCounters{});
}

TEST(SnapshotJson, RejectsDamageWithItsPlace)
{
    EXPECT_EQ(errorOf(R"({"hosts": {}})"), "document: no \"version\" member");
    EXPECT_EQ(errorOf(R"({"version": 2})"),
              "document[\"version\"]: unsupported version 2 (this pgm-icd reads version 1)");
    EXPECT_EQ(errorOf(R"({"version": 1, "hosts": {"a": {"state": "asleep"}}})"),
              "document[\"hosts\"][\"a\"][\"state\"]: unknown name \"asleep\"");
    EXPECT_EQ(errorOf(R"({"version": 1, "hosts": {"a": {"cycles": [1, "x"]}}})"),
              "document[\"hosts\"][\"a\"][\"cycles\"][1]: expected a timestamp in microseconds");
    EXPECT_EQ(errorOf(R"({"version": 1, "hosts": {"a": {"counters": {"latches": -1}}}})"),
              "document[\"hosts\"][\"a\"][\"counters\"][\"latches\"]: expected a non-negative integer");
    EXPECT_EQ(errorOf(R"({"version": 1, "hosts": {"a": {"last_action": {"kind": "reboot"}}}})"),
              "document[\"hosts\"][\"a\"][\"last_action\"][\"kind\"]: unknown name \"reboot\"");
    EXPECT_FALSE(errorOf("{\"version\": 1,").empty());  // truncated
}

TEST(SnapshotJson, KeepsAnOperatorsDisarmWaitingForSilence)
{
    BoardSnapshot s;
    PersistedHost& h = s.hosts["node-a"];
    h.awaitingSilence = true;
    h.lastAction = {LastActionKind::Disarm, ActionCause::Operator, TimePoint{1'700'000'000'000'000},
                    "disarmed by operator"};
    const std::string text = toJson(s);
    EXPECT_NE(text.find("\"awaiting_silence\": true"), std::string::npos) << text;
    EXPECT_NE(text.find("\"kind\": \"disarm\""), std::string::npos) << text;
    std::string error;
    auto back = boardSnapshotFromJson(text, &error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(*back, s);
}

TEST(SnapshotJson, KeepsAnAnnouncedRebootsGrace)
{
    BoardSnapshot s;
    PersistedHost& h = s.hosts["node-a"];
    h.state = HostState::Grace;
    h.rebootAnnounced = true;
    h.lastAction = {LastActionKind::ExpectReboot, ActionCause::HostRequest, TimePoint{1'700'000'000'000'000},
                    "host announced a reboot"};
    h.counters.rebootsAnnounced = 4;
    const std::string text = toJson(s);
    EXPECT_NE(text.find("\"reboot_announced\": true"), std::string::npos) << text;
    EXPECT_NE(text.find("\"expect-reboot\""), std::string::npos) << text;
    EXPECT_NE(text.find("\"reboots_announced\": 4"), std::string::npos) << text;
    std::string error;
    auto back = boardSnapshotFromJson(text, &error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(*back, s);
}

TEST(SnapshotJson, AFileFromBeforeRebootAnnouncementsReadsAsAPowerOnGrace)
{
    auto s = boardSnapshotFromJson(
        R"({"version": 1, "hosts": {"a": {"state": "grace", "counters": {"power_cycles": 2}}}})", nullptr);
    ASSERT_TRUE(s);
    EXPECT_FALSE(s->hosts.at("a").rebootAnnounced);
    EXPECT_EQ(s->hosts.at("a").counters.rebootsAnnounced, 0u);
    EXPECT_EQ(s->hosts.at("a").counters.powerCycles, 2u);
}

TEST(SnapshotJson, RejectsAnAnnouncementThatIsNoBool)
{
    EXPECT_EQ(errorOf(R"({"version": 1, "hosts": {"a": {"reboot_announced": "yes"}}})"),
              "document[\"hosts\"][\"a\"][\"reboot_announced\"]: expected true or false");
}
