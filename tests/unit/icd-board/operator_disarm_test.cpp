// An operator disarms a host for maintenance (D-Bus Disarm): the host may
// still be beating, so its beats keep it disarmed until it has been silent.

#include "board_harness.hpp"

using namespace icd::board;
using namespace icd::board::test;

namespace {

const Disarm kByOperator{ActionCause::Operator};

void beatFor(BoardHarness& h, Duration total, Duration every = 10s)
{
    for (Duration t{0}; t < total; t += every) {
        h.send("a", Heartbeat{});
        h.advance(every);
    }
}

} // namespace

TEST(OperatorDisarm, IsRecordedAsTheLastActionAndPersisted)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    const std::size_t persists = h.persists;
    h.send("a", kByOperator);
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.state("a"), HostState::Disarmed);
    const LastAction& last = h.host("a").lastAction();
    EXPECT_EQ(last.kind, LastActionKind::Disarm);
    EXPECT_EQ(last.cause, ActionCause::Operator);
    EXPECT_EQ(last.at, h.clock.wall);
    EXPECT_EQ(last.reason, "disarmed by operator: not watched until the host has been silent and speaks again");
    EXPECT_GT(h.persists, persists);
    EXPECT_NE(h.stateFile.find("\"kind\": \"disarm\""), std::string::npos) << h.stateFile;
}

TEST(OperatorDisarm, BeatsThatGoOnDoNotArmAndSilenceIsNeverCycled)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", kByOperator);
    // pgmd still runs on the host for a while, then stops for a long time.
    beatFor(h, 2min);
    EXPECT_EQ(h.state("a"), HostState::Disarmed);
    h.advance(24h);
    EXPECT_EQ(h.state("a"), HostState::Disarmed);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    // Back from maintenance: its first beat arms it.
    h.send("a", Heartbeat{});
    EXPECT_EQ(h.state("a"), HostState::Armed);
}

TEST(OperatorDisarm, SilenceIsCountedFromTheLastBeat)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", kByOperator);
    h.advance(20s);
    h.send("a", Heartbeat{});
    h.advance(30s - 1us);
    h.send("a", Heartbeat{});
    EXPECT_EQ(h.host("a").phase(), HostWatch::Phase::DisarmedUntilSilent);
    h.advance(30s);
    EXPECT_EQ(h.host("a").phase(), HostWatch::Phase::Disarmed);
    EXPECT_EQ(h.board->nextDeadline(), std::nullopt);
}

TEST(OperatorDisarm, ALineDeclaredDeadEndsTheWaitForSilence)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", kByOperator);
    h.send("a", HeartbeatLost{"GPIO heartbeat line stuck low: no beat for 1s 500ms"});
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    h.send("a", Heartbeat{});
    EXPECT_EQ(h.state("a"), HostState::Armed);
}

TEST(OperatorDisarm, AHelloArmsAtOnce)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", kByOperator);
    h.send("a", Hello{});
    EXPECT_EQ(h.state("a"), HostState::Armed);
}

TEST(OperatorDisarm, TheWaitForSilenceSurvivesARestart)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", kByOperator);
    h.advance(25s);
    h.restartSameBoot();
    // Counted again from the restart: the old deadline was on the old monotonic clock.
    h.advance(25s);
    h.send("a", Heartbeat{});
    EXPECT_EQ(h.state("a"), HostState::Disarmed);
    h.advance(30s);
    h.send("a", Heartbeat{});
    EXPECT_EQ(h.state("a"), HostState::Armed);
    EXPECT_EQ(h.host("a").lastAction().cause, ActionCause::Operator);
}

TEST(OperatorDisarm, TheHostsOwnDisarmKeepsTheLastActionAndItsNextBeatArms)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.advance(30s);  // a timeout: power-cycled
    h.advance(5s);
    ASSERT_EQ(h.host("a").lastAction().kind, LastActionKind::PowerCycle);
    h.send("a", Hello{});
    h.send("a", Disarm{});
    EXPECT_EQ(h.host("a").lastAction().kind, LastActionKind::PowerCycle);
    h.send("a", Heartbeat{});
    EXPECT_EQ(h.state("a"), HostState::Armed);
}

struct RefusedDisarm {
    const char* situation;
    Event setUp;
    Refusal refusal;
};

class OperatorDisarmRefused : public testing::TestWithParam<RefusedDisarm> {};

TEST_P(OperatorDisarmRefused, ChangesNothing)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", GetParam().setUp);
    const HostState before = h.state("a");
    const LastAction last = h.host("a").lastAction();
    h.send("a", kByOperator);
    EXPECT_FALSE(h.lastReply().accepted);
    EXPECT_EQ(h.lastReply().refusal, GetParam().refusal);
    EXPECT_EQ(h.state("a"), before);
    EXPECT_EQ(h.host("a").lastAction(), last);
}

INSTANTIATE_TEST_SUITE_P(Board, OperatorDisarmRefused,
                         testing::Values(RefusedDisarm{"cycling", RequestCycle{"x"}, Refusal::Busy},
                                         RefusedDisarm{"latched", RequestOff{"x"}, Refusal::Latched}),
                         [](const testing::TestParamInfo<RefusedDisarm>& info) { return info.param.situation; });
