// The relay: off is confirmed before the host is powered on again, failures
// and silence are retried, and only a readback counts as confirmation.

#include "board_harness.hpp"

using namespace icd::board;
using namespace icd::board::test;

// An armed host whose heartbeat just timed out; the relay answers only when told.
class Relay : public testing::Test {
protected:
    void SetUp() override
    {
        h.autoRelay = false;
        h.send("a", Hello{});
        h.advance(30s);
    }
    BoardHarness h{{hostConfig("a")}};
};

TEST_F(Relay, OffTimeCountsFromTheConfirmedOff)
{
    EXPECT_EQ(h.relayHistory("a"), std::vector{RelayRequest::PowerOff});
    h.advance(8s);
    EXPECT_EQ(h.relayHistory("a"), std::vector{RelayRequest::PowerOff});
    ASSERT_TRUE(h.confirmRelay("a"));
    h.advance(5s - 1us);
    EXPECT_EQ(h.relayHistory("a"), std::vector{RelayRequest::PowerOff});
    h.advance(1us);
    EXPECT_EQ(h.relayHistory("a"), (std::vector{RelayRequest::PowerOff, RelayRequest::PowerOn}));
    EXPECT_EQ(h.power("a"), PowerState::SwitchingOn);
    ASSERT_TRUE(h.confirmRelay("a"));
    EXPECT_EQ(h.power("a"), PowerState::On);
    EXPECT_EQ(h.state("a"), HostState::Grace);
}

TEST_F(Relay, NeverPowersOnWithoutAConfirmedOff)
{
    h.advance(10min);
    const auto history = h.relayHistory("a");
    EXPECT_GT(history.size(), 10u);  // sent again and again
    for (RelayRequest r : history)
        EXPECT_EQ(r, RelayRequest::PowerOff);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    EXPECT_NE(h.power("a"), PowerState::Off);
    EXPECT_NE(h.power("a"), PowerState::On);
    ASSERT_FALSE(h.warnings("a").empty());
    EXPECT_EQ(h.warnings("a").front(), "relay did not confirm off within 10s; sending the command again in 5s");
    EXPECT_EQ(h.host("a").counters().relayFailures, h.warnings("a").size());
}

TEST_F(Relay, AFailureIsRetriedAfterTheDelay)
{
    ASSERT_TRUE(h.failRelay("a", "exit status 1"));
    EXPECT_EQ(h.warnings("a"),
              std::vector<std::string>{
                  "relay could not switch the host off: power-off failed: exit status 1; sending the command again in 5s"});
    EXPECT_EQ(h.power("a"), PowerState::Unknown);
    h.advance(5s - 1us);
    EXPECT_EQ(h.relayHistory("a").size(), 1u);
    h.advance(1us);
    EXPECT_EQ(h.relayHistory("a"), (std::vector{RelayRequest::PowerOff, RelayRequest::PowerOff}));
    ASSERT_TRUE(h.confirmRelay("a"));
    h.advance(5s);
    EXPECT_EQ(h.relayHistory("a").back(), RelayRequest::PowerOn);
}

TEST_F(Relay, AReadbackThatDisagreesIsAFailure)
{
    ASSERT_TRUE(h.answerRelay("a", {true, RelayReading::On, ""}));  // welded contact
    EXPECT_EQ(h.power("a"), PowerState::Unknown);
    ASSERT_EQ(h.warnings("a").size(), 1u);
    EXPECT_NE(h.warnings("a")[0].find("relay reads back on after power-off"), std::string::npos);
    h.advance(1min);
    for (RelayRequest r : h.relayHistory("a"))
        EXPECT_EQ(r, RelayRequest::PowerOff);
}

TEST_F(Relay, PowerOnFailureIsRetriedToo)
{
    ASSERT_TRUE(h.confirmRelay("a"));
    h.advance(5s);
    ASSERT_TRUE(h.failRelay("a", "timed out after 10s"));
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    h.advance(5s);
    EXPECT_EQ(h.relayHistory("a"), (std::vector{RelayRequest::PowerOff, RelayRequest::PowerOn, RelayRequest::PowerOn}));
    ASSERT_TRUE(h.confirmRelay("a"));
    EXPECT_EQ(h.state("a"), HostState::Grace);
}

TEST_F(Relay, TheHostSpeakingConfirmsPowerOn)
{
    ASSERT_TRUE(h.confirmRelay("a"));
    h.advance(5s);
    h.send("a", Hello{});  // up before the relay answered
    EXPECT_EQ(h.state("a"), HostState::Armed);
    EXPECT_EQ(h.power("a"), PowerState::On);
    ASSERT_TRUE(h.confirmRelay("a"));  // the late answer agrees: nothing to say
    EXPECT_TRUE(h.warnings("a").empty());
    EXPECT_EQ(h.state("a"), HostState::Armed);
}

TEST_F(Relay, BeatsWhileSwitchingOffAreIgnored)
{
    h.send("a", Heartbeat{});
    h.send("a", Hello{});
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    ASSERT_TRUE(h.confirmRelay("a"));
    h.send("a", Heartbeat{});
    h.advance(5s);
    EXPECT_EQ(h.relayHistory("a").back(), RelayRequest::PowerOn);
}

TEST(RelayReport, NobodyWaitedForIsIgnoredWithAWarning)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", RelayConfirmedOff{});
    EXPECT_EQ(h.state("a"), HostState::Armed);
    ASSERT_EQ(h.warnings("a").size(), 1u);
    EXPECT_EQ(h.warnings("a")[0], "ignored relay confirmed off while armed: no relay command was waiting for it");
}

TEST(RelayEvent, OnlyTheReadbackOfTheNewStateConfirms)
{
    EXPECT_TRUE(std::holds_alternative<RelayConfirmedOff>(
        relayEvent(RelayCommand::PowerOff, {true, RelayReading::Off, ""})));
    EXPECT_TRUE(std::holds_alternative<RelayConfirmedOn>(
        relayEvent(RelayCommand::PowerOn, {true, RelayReading::On, ""})));
    auto unknown = relayEvent(RelayCommand::PowerOff, {true, RelayReading::Unknown, ""});
    ASSERT_TRUE(std::holds_alternative<RelayFailed>(unknown));
    EXPECT_EQ(std::get<RelayFailed>(unknown).detail, "relay reads back unknown after power-off");
    auto failed = relayEvent(RelayCommand::PowerOn, {false, RelayReading::On, "killed by signal 9"});
    ASSERT_TRUE(std::holds_alternative<RelayFailed>(failed));
    EXPECT_EQ(std::get<RelayFailed>(failed).detail, "power-on failed: killed by signal 9");
}

TEST(RelayEvent, FenceAgentStatusCodes)
{
    EXPECT_EQ(fenceAgentStatusReading(0), RelayReading::On);
    EXPECT_EQ(fenceAgentStatusReading(2), RelayReading::Off);
    EXPECT_EQ(fenceAgentStatusReading(1), RelayReading::Unknown);
    EXPECT_EQ(fenceAgentStatusReading(127), RelayReading::Unknown);
}
