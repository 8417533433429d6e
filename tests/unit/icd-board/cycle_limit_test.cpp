// The cycle limit and its window, the latch and clearing it.

#include "board_harness.hpp"

using namespace icd::board;
using namespace icd::board::test;

namespace {

// A host that never comes back: cycles at 30s, 4min 5s, 7min 40s (each
// power-on + 3min grace + 30s timeout), the 4th failure at 11min 15s.
void failUntilLatched(BoardHarness& h, const std::string& host)
{
    h.send(host, Hello{});
    h.advance(12min);
}

void beatUntil(BoardHarness& h, const std::string& host, TimePoint wall)
{
    while (h.clock.wall + 10s <= wall) {
        h.send(host, Heartbeat{});
        h.advance(10s);
    }
    h.send(host, Heartbeat{});
    h.advance(wall - h.clock.wall);
}

} // namespace

TEST(CycleLimit, TheCycleAfterTheLimitPowersOffAndLatches)
{
    BoardHarness h({hostConfig("a")});
    failUntilLatched(h, "a");
    EXPECT_EQ(h.state("a"), HostState::OffLatched);
    EXPECT_EQ(h.power("a"), PowerState::Off);
    using R = RelayRequest;
    EXPECT_EQ(h.relayHistory("a"), (std::vector{R::PowerOff, R::PowerOn, R::PowerOff, R::PowerOn, R::PowerOff,
                                                R::PowerOn, R::PowerOff}));
    const LastAction& last = h.host("a").lastAction();
    EXPECT_EQ(last.kind, LastActionKind::PowerOff);
    EXPECT_EQ(last.cause, ActionCause::CycleLimit);
    EXPECT_EQ(last.reason, "cycle limit 3 in 1h reached: powered off and latched (heartbeat timeout after 30s)");
    EXPECT_EQ(h.host("a").counters().powerCycles, 3u);
    EXPECT_EQ(h.host("a").counters().latches, 1u);
    EXPECT_EQ(h.host("a").counters().heartbeatTimeouts, 4u);

    // It stays off, whatever the host or time does.
    h.send("a", Hello{});
    h.send("a", Heartbeat{});
    h.advance(48h);
    EXPECT_EQ(h.state("a"), HostState::OffLatched);
    EXPECT_EQ(h.relayHistory("a").size(), 7u);
    EXPECT_EQ(h.board->nextDeadline(), std::nullopt);
}

TEST(CycleLimit, OffIsReportedOnlyOnceTheRelayConfirmsIt)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.autoRelay = false;
    h.send("a", RequestOff{"fire in the rack"});
    EXPECT_EQ(h.state("a"), HostState::OffLatched);
    EXPECT_EQ(h.power("a"), PowerState::SwitchingOff);
    for (const Action& a : h.log())
        EXPECT_FALSE(std::holds_alternative<PowerChanged>(a));
    ASSERT_TRUE(h.confirmRelay("a"));
    EXPECT_EQ(h.power("a"), PowerState::Off);
    auto changed = std::find_if(h.log().begin(), h.log().end(),
                                [](const Action& a) { return std::holds_alternative<PowerChanged>(a); });
    ASSERT_NE(changed, h.log().end());
    EXPECT_EQ(std::get<PowerChanged>(*changed).power, PowerState::Off);
}

namespace {

// Three requested cycles a minute apart, then a fourth request `later`
// after the first: the state the fourth leaves the host in.
HostState fourthCycleAfter(Duration later)
{
    BoardHarness h({hostConfig("a")});
    const TimePoint first = h.clock.wall;
    for (int i = 0; i < 3; ++i) {
        h.send("a", Hello{});
        h.send("a", RequestCycle{"again"});
        EXPECT_TRUE(h.lastReply().accepted);
        h.advance(5s);  // off, hold, on
        h.send("a", Hello{});
        beatUntil(h, "a", first + std::chrono::minutes(i + 1));
    }
    beatUntil(h, "a", first + later);
    h.send("a", RequestCycle{"again"});
    return h.state("a");
}

} // namespace

TEST(CycleLimit, CyclesOlderThanTheWindowNoLongerCount)
{
    EXPECT_EQ(fourthCycleAfter(1h - 1us), HostState::OffLatched);
    EXPECT_EQ(fourthCycleAfter(1h), HostState::Cycling);
}

TEST(CycleLimit, ZeroCyclesLatchesAtTheFirstFailure)
{
    HostConfig c = hostConfig("a");
    c.cycles.burst = 0;
    BoardHarness h({c});
    h.send("a", Hello{});
    h.advance(30s);
    EXPECT_EQ(h.state("a"), HostState::OffLatched);
    EXPECT_EQ(h.relayHistory("a"), std::vector{RelayRequest::PowerOff});
}

TEST(ClearLatch, PowersTheHostOnAndForgetsTheCountedCycles)
{
    BoardHarness h({hostConfig("a")});
    failUntilLatched(h, "a");
    ASSERT_EQ(h.state("a"), HostState::OffLatched);
    h.send("a", ClearLatch{});
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.relayHistory("a").back(), RelayRequest::PowerOn);
    EXPECT_EQ(h.state("a"), HostState::Grace);
    EXPECT_EQ(h.host("a").lastAction().kind, LastActionKind::ClearLatch);
    EXPECT_EQ(h.host("a").lastAction().cause, ActionCause::Operator);
    EXPECT_EQ(h.board->cyclesInWindow(h.host("a")), 0u);
    auto t = h.transitions("a");
    ASSERT_GE(t.size(), 2u);
    EXPECT_EQ(t[t.size() - 2].from, HostState::OffLatched);
    EXPECT_EQ(t[t.size() - 2].to, HostState::Cycling);

    // Still failing: it is power-cycled again, not latched at once.
    h.advance(3min + 30s);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
}

TEST(ClearLatch, RightAfterTheOffStillHoldsTheOffTime)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", RequestOff{"maintenance"});
    ASSERT_EQ(h.power("a"), PowerState::Off);  // confirmed at once
    h.advance(1s);
    h.send("a", ClearLatch{});
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    h.advance(4s - 1us);
    EXPECT_EQ(h.relayHistory("a").back(), RelayRequest::PowerOff);
    h.advance(1us);
    EXPECT_EQ(h.relayHistory("a").back(), RelayRequest::PowerOn);
    EXPECT_EQ(h.state("a"), HostState::Grace);
}

TEST(ClearLatch, BeforeTheOffIsConfirmedWaitsForIt)
{
    BoardHarness h({hostConfig("a")});
    h.autoRelay = false;
    h.send("a", Hello{});
    h.send("a", RequestOff{"maintenance"});
    h.send("a", ClearLatch{});
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    h.advance(8s);
    EXPECT_EQ(h.relayHistory("a"), std::vector{RelayRequest::PowerOff});
    ASSERT_TRUE(h.confirmRelay("a"));
    h.advance(5s);
    EXPECT_EQ(h.relayHistory("a"), (std::vector{RelayRequest::PowerOff, RelayRequest::PowerOn}));
}

TEST(ClearLatch, WhenNotLatchedIsRefused)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", ClearLatch{});
    EXPECT_FALSE(h.lastReply().accepted);
    EXPECT_EQ(h.lastReply().refusal, Refusal::NotLatched);
    EXPECT_EQ(h.state("a"), HostState::Armed);
}
