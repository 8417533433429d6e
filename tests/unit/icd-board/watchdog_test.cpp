// Grace, timeout, disarm: when the board power-cycles a host and when it does not.

#include "board_harness.hpp"

using namespace icd::board;
using namespace icd::board::test;

namespace {

void beatFor(BoardHarness& h, const std::string& host, Duration total, Duration every = 10s)
{
    for (Duration t{0}; t < total; t += every) {
        h.send(host, Heartbeat{});
        h.advance(every);
    }
}

} // namespace

TEST(Watchdog, NewHostIsNotWatchedUntilItSpeaks)
{
    BoardHarness h({hostConfig("a")});
    EXPECT_EQ(h.state("a"), HostState::Disarmed);
    EXPECT_EQ(h.board->nextDeadline(), std::nullopt);
    h.advance(24h);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    EXPECT_EQ(h.state("a"), HostState::Disarmed);
}

TEST(Watchdog, HelloArmsAndATimeoutPowerCycles)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    EXPECT_EQ(h.state("a"), HostState::Armed);
    h.advance(30s - 1us);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    h.advance(1us);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    EXPECT_EQ(h.relayHistory("a"), std::vector{RelayRequest::PowerOff});
    auto t = h.transitions("a");
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[1].from, HostState::Armed);
    EXPECT_EQ(t[1].to, HostState::Cycling);
    EXPECT_EQ(t[1].reason, "heartbeat timeout after 30s");
    EXPECT_EQ(h.host("a").lastAction().kind, LastActionKind::PowerCycle);
    EXPECT_EQ(h.host("a").lastAction().cause, ActionCause::HeartbeatTimeout);
    EXPECT_EQ(h.host("a").lastAction().reason, "heartbeat timeout after 30s");
    EXPECT_EQ(h.host("a").lastAction().at, h.clock.wall);
    EXPECT_EQ(h.host("a").counters().heartbeatTimeouts, 1u);
    EXPECT_EQ(h.host("a").counters().powerCycles, 1u);

    // Off confirmed at once by the relay; held off 5s, then on and into grace.
    EXPECT_EQ(h.power("a"), PowerState::Off);
    h.advance(5s);
    EXPECT_EQ(h.relayHistory("a"), (std::vector{RelayRequest::PowerOff, RelayRequest::PowerOn}));
    EXPECT_EQ(h.state("a"), HostState::Grace);
    EXPECT_EQ(h.power("a"), PowerState::On);
}

TEST(Watchdog, HeartbeatsKeepTheHostAlive)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    beatFor(h, "a", 1h, 29s);
    EXPECT_EQ(h.state("a"), HostState::Armed);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
}

TEST(Watchdog, GraceThenTimeoutAfterPowerOn)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.advance(35s);  // cycled at 30s, powered on at 35s
    ASSERT_EQ(h.state("a"), HostState::Grace);
    h.advance(180s - 1us);
    EXPECT_EQ(h.state("a"), HostState::Grace);
    h.advance(1us);
    EXPECT_EQ(h.state("a"), HostState::Armed);  // grace over: heartbeats now required
    EXPECT_EQ(h.relayCommandsSent("a"), 2u);
    h.advance(30s - 1us);
    EXPECT_EQ(h.relayCommandsSent("a"), 2u);
    h.advance(1us);
    EXPECT_EQ(h.state("a"), HostState::Cycling);  // second cycle: grace + timeout after power-on
    EXPECT_EQ(h.host("a").counters().powerCycles, 2u);
}

TEST(Watchdog, HeartbeatDuringGraceArms)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.advance(35s);
    ASSERT_EQ(h.state("a"), HostState::Grace);
    h.advance(60s);
    h.send("a", Heartbeat{});
    EXPECT_EQ(h.state("a"), HostState::Armed);
    h.advance(30s);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
}

TEST(Watchdog, DisarmedHostIsNotCycledAndReArmsOnItsNextHelloOrBeat)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    beatFor(h, "a", 1min);
    h.send("a", Disarm{});
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.state("a"), HostState::Disarmed);
    h.advance(24h);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);

    h.send("a", Hello{});  // booted again
    EXPECT_EQ(h.state("a"), HostState::Armed);
    h.send("a", Disarm{});
    h.send("a", Heartbeat{});  // a heartbeat re-arms as well
    EXPECT_EQ(h.state("a"), HostState::Armed);
    h.advance(30s);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
}

TEST(Watchdog, DisarmWhenAlreadyDisarmedIsAcknowledged)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Disarm{});
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.state("a"), HostState::Disarmed);
}

TEST(Watchdog, HeartbeatLostPowerCyclesWithTheDecodersReason)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", HeartbeatLost{"GPIO heartbeat line stuck high: no beat for 1s 500ms"});
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    EXPECT_EQ(h.host("a").lastAction().reason, "heartbeat lost: GPIO heartbeat line stuck high: no beat for 1s 500ms");
}

TEST(Watchdog, HeartbeatLostDuringGraceOrDisarmedChangesNothing)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", HeartbeatLost{"stuck low"});
    EXPECT_EQ(h.state("a"), HostState::Disarmed);
    h.send("a", Hello{});
    h.advance(35s);
    ASSERT_EQ(h.state("a"), HostState::Grace);
    h.send("a", HeartbeatLost{"stuck low"});
    EXPECT_EQ(h.state("a"), HostState::Grace);
    EXPECT_EQ(h.relayCommandsSent("a"), 2u);
}

TEST(Watchdog, HostsAreWatchedIndependently)
{
    HostConfig fast = hostConfig("fast");
    fast.heartbeatTimeout = 10s;
    BoardHarness h({hostConfig("slow"), fast});
    h.send("slow", Hello{});
    h.send("fast", Hello{});
    h.advance(10s);
    EXPECT_EQ(h.state("fast"), HostState::Cycling);
    EXPECT_EQ(h.state("slow"), HostState::Armed);
    EXPECT_EQ(h.relayCommandsSent("slow"), 0u);
}

TEST(Watchdog, WallClockStepDoesNotFireOrDelayTheTimeout)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.advance(20s);
    h.clock.wall = h.clock.wall + 2h;  // NTP or an operator's date
    h.advance(9s);
    EXPECT_EQ(h.state("a"), HostState::Armed);
    h.send("a", Heartbeat{});
    h.clock.wall = h.clock.wall - 5h;
    h.advance(29s);
    EXPECT_EQ(h.state("a"), HostState::Armed);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    h.advance(1s);
    EXPECT_EQ(h.state("a"), HostState::Cycling);  // on time by the monotonic clock
}

TEST(Watchdog, HeartbeatsAloneAreNotPersisted)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    const auto saved = h.persists;
    EXPECT_GT(saved, 0u);
    beatFor(h, "a", 5min);
    EXPECT_EQ(h.persists, saved);
}

TEST(Watchdog, PersistComesBeforeThePowerOff)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.clearLog();
    h.advance(30s);
    ASSERT_FALSE(h.log().empty());
    EXPECT_TRUE(std::holds_alternative<Persist>(h.log().front()));
    auto off = std::find_if(h.log().begin(), h.log().end(),
                            [](const Action& a) { return std::holds_alternative<RelayPowerOff>(a); });
    EXPECT_NE(off, h.log().end());
}
