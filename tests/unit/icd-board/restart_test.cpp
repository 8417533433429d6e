// pgm-icd restarts (same boot of the board) and board reboots: what the
// state file brings back and what the board then does.

#include "board_harness.hpp"

using namespace icd::board;
using namespace icd::board::test;

TEST(Restart, ArmedHostGetsAFreshTimeoutNotAnInstantCycle)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.advance(20s);
    h.clock.advance(5min);  // pgm-icd is down: the old deadline passes unseen
    h.restartSameBoot();
    EXPECT_EQ(h.state("a"), HostState::Armed);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    h.advance(30s - 1us);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    h.advance(1us);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
}

TEST(Restart, AfterABoardRebootAnArmedHostGetsABootGrace)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.restart("boot-2");
    EXPECT_EQ(h.state("a"), HostState::Grace);
    EXPECT_EQ(h.power("a"), PowerState::Unknown);
    auto t = h.transitions("a");
    ASSERT_FALSE(t.empty());
    EXPECT_EQ(t.back().from, HostState::Armed);
    EXPECT_EQ(t.back().to, HostState::Grace);
    h.advance(3min + 30s - 1us);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    h.advance(1us);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
}

TEST(Restart, ACycleUnderWayStartsAgainFromPowerOff)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.advance(32s);  // off confirmed at 30s, holding until 35s
    ASSERT_EQ(h.host("a").phase(), HostWatch::Phase::CycleHold);
    h.autoRelay = false;
    h.restartSameBoot();
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    EXPECT_EQ(h.relayHistory("a"), (std::vector{RelayRequest::PowerOff, RelayRequest::PowerOff}));
    EXPECT_EQ(h.warnings("a").size(), 1u);
    h.advance(3s);
    ASSERT_TRUE(h.confirmRelay("a"));
    h.advance(5s - 1us);
    EXPECT_EQ(h.relayHistory("a").back(), RelayRequest::PowerOff);
    h.advance(1us);
    EXPECT_EQ(h.relayHistory("a").back(), RelayRequest::PowerOn);
    // The interrupted cycle was counted once.
    EXPECT_EQ(h.host("a").counters().powerCycles, 1u);
    EXPECT_EQ(h.board->cyclesInWindow(h.host("a")), 1u);
}

TEST(Restart, ALatchedHostStaysLatchedAndOff)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", RequestOff{"maintenance"});
    h.restart("boot-2");
    EXPECT_EQ(h.state("a"), HostState::OffLatched);
    EXPECT_EQ(h.relayHistory("a"), (std::vector{RelayRequest::PowerOff, RelayRequest::PowerOff}));
    EXPECT_EQ(h.power("a"), PowerState::Off);
    EXPECT_EQ(h.host("a").lastAction().reason, "host requested power-off: maintenance");
    h.advance(24h);
    EXPECT_EQ(h.relayHistory("a").size(), 2u);
    h.send("a", ClearLatch{});
    EXPECT_TRUE(h.lastReply().accepted);
    h.advance(5s);
    EXPECT_EQ(h.state("a"), HostState::Grace);
}

TEST(Restart, DisarmedAndGraceHostsKeepTheirState)
{
    BoardHarness h({hostConfig("idle"), hostConfig("booting")});
    h.send("booting", Hello{});
    h.advance(35s);  // cycled and powered on: in grace
    ASSERT_EQ(h.state("booting"), HostState::Grace);
    h.advance(2min);
    h.restartSameBoot();
    EXPECT_EQ(h.state("idle"), HostState::Disarmed);
    EXPECT_EQ(h.state("booting"), HostState::Grace);
    h.advance(3min + 30s - 1us);  // a fresh grace, then the timeout
    EXPECT_EQ(h.state("booting"), HostState::Armed);
    h.advance(1us);
    EXPECT_EQ(h.state("booting"), HostState::Cycling);
    EXPECT_EQ(h.relayCommandsSent("idle"), 0u);
}

namespace {

struct Outcome {
    std::vector<RelayRequest> relay;
    HostState state;
    LastAction last;
    HostCounters counters;
};

// Two failures, then (optionally) pgm-icd restarts, then two more: the
// fourth must latch whether or not pgm-icd restarted in between.
Outcome failFourTimes(bool restartBetween)
{
    BoardHarness h({hostConfig("a")});
    for (int i = 0; i < 4; ++i) {
        if (i == 2 && restartBetween)
            h.restartSameBoot();
        h.send("a", Hello{});
        h.advance(2min);
    }
    return {h.relayHistory("a"), h.state("a"), h.host("a").lastAction(), h.host("a").counters()};
}

} // namespace

TEST(Restart, SameDecisionsAsWithoutTheRestart)
{
    const Outcome straight = failFourTimes(false);
    const Outcome restarted = failFourTimes(true);
    EXPECT_EQ(straight.state, HostState::OffLatched);
    EXPECT_EQ(restarted.state, straight.state);
    EXPECT_EQ(restarted.last, straight.last);
    EXPECT_EQ(restarted.counters, straight.counters);
    EXPECT_EQ(restarted.relay, straight.relay);
}

TEST(Restart, HostsNoLongerConfiguredAreForgotten)
{
    BoardSnapshot saved;
    saved.bootId = "boot-1";
    saved.hosts["gone"].state = HostState::OffLatched;
    saved.hosts["a"].state = HostState::Armed;
    pgm::ManualClock clock;
    Board board({hostConfig("a")}, clock, "boot-1");
    Actions out = board.restore(saved);
    ASSERT_FALSE(out.empty());
    EXPECT_TRUE(std::holds_alternative<Persist>(out.front()));
    EXPECT_EQ(board.snapshot().hosts.count("gone"), 0u);
    EXPECT_EQ(board.find("a")->state(), HostState::Armed);
    bool warned = false;
    for (const Action& a : out)
        if (auto* w = std::get_if<Warning>(&a))
            warned = warned || w->host == "gone";
    EXPECT_TRUE(warned);
}

TEST(Restart, WallClockSteppedBackDoesNotStretchTheWindow)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", RequestCycle{"one"});
    h.advance(5s);
    h.send("a", Disarm{});  // no further cycles to count
    h.clock.wall = h.clock.wall - 24h;  // the board's RTC lost a day across the restart
    h.restartSameBoot();
    // The stamp from "the future" counts from now, not for a day and an hour.
    EXPECT_EQ(h.board->cyclesInWindow(h.host("a")), 1u);
    h.advance(1h);
    EXPECT_EQ(h.board->cyclesInWindow(h.host("a")), 0u);
}
