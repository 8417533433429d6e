// EXPECT_REBOOT: a host that reboots is not disarmed but given its boot
// grace; a reboot that hangs is power-cycled. Hosts the board is not
// watching, or whose power it is switching, are refused and left as they are.

#include "board_harness.hpp"

using namespace icd::board;
using namespace icd::board::test;

namespace {

const std::string kOverdue =
    "no heartbeat after reboot: the host announced a reboot and was not back within the boot grace of 3min";

// Armed, then the announcement.
void announcedReboot(BoardHarness& h)
{
    h.send("a", Hello{});
    h.advance(10s);
    h.send("a", ExpectReboot{});
}

} // namespace

TEST(ExpectReboot, ArmedHostGetsItsBootGraceAndAnAck)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.advance(10s);
    h.clearLog();
    const auto persistsBefore = h.persists;
    h.send("a", ExpectReboot{});

    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.lastReply().detail, "expecting the host back within 3min");
    EXPECT_EQ(h.state("a"), HostState::Grace);
    EXPECT_EQ(h.host("a").phase(), HostWatch::Phase::RebootGrace);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    auto t = h.transitions("a");
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t[0].from, HostState::Armed);
    EXPECT_EQ(t[0].to, HostState::Grace);
    EXPECT_EQ(t[0].reason, "host announced a reboot: heartbeats required again within the boot grace of 3min");

    const LastAction& last = h.host("a").lastAction();
    EXPECT_EQ(last.kind, LastActionKind::ExpectReboot);
    EXPECT_EQ(last.cause, ActionCause::HostRequest);
    EXPECT_EQ(last.at, h.clock.wall);
    EXPECT_EQ(last.reason, t[0].reason);
    EXPECT_EQ(h.host("a").counters().rebootsAnnounced, 1u);
    EXPECT_EQ(h.persists, persistsBefore + 1);
}

TEST(ExpectReboot, NoBeatWithinTheBootGracePowerCycles)
{
    BoardHarness h({hostConfig("a")});
    announcedReboot(h);
    // Far longer than the heartbeat timeout: a reboot takes its time.
    h.advance(3min - 1us);
    EXPECT_EQ(h.state("a"), HostState::Grace);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    h.advance(1us);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    EXPECT_EQ(h.relayHistory("a"), std::vector{RelayRequest::PowerOff});
    auto t = h.transitions("a");
    ASSERT_FALSE(t.empty());
    EXPECT_EQ(t.back().from, HostState::Grace);
    EXPECT_EQ(t.back().to, HostState::Cycling);
    EXPECT_EQ(t.back().reason, kOverdue);
    const LastAction& last = h.host("a").lastAction();
    EXPECT_EQ(last.kind, LastActionKind::PowerCycle);
    EXPECT_EQ(last.cause, ActionCause::HeartbeatTimeout);
    EXPECT_EQ(last.reason, kOverdue);
    EXPECT_EQ(h.host("a").counters().heartbeatTimeouts, 1u);
    EXPECT_EQ(h.host("a").counters().powerCycles, 1u);
}

TEST(ExpectReboot, HostBackInTimeIsArmedAgain)
{
    for (const Event& back : {Event{Hello{}}, Event{Heartbeat{}}}) {
        BoardHarness h({hostConfig("a")});
        announcedReboot(h);
        h.advance(2min);
        h.send("a", back);
        EXPECT_EQ(h.state("a"), HostState::Armed) << eventName(back);
        EXPECT_EQ(h.transitions("a").back().reason,
                  std::string(eventName(back)) + " received: the host is back after its reboot (timeout 30s)");
        // Heartbeats are required again, with the usual timeout.
        h.advance(30s - 1us);
        EXPECT_EQ(h.relayCommandsSent("a"), 0u) << eventName(back);
        h.advance(1us);
        EXPECT_EQ(h.state("a"), HostState::Cycling) << eventName(back);
        EXPECT_EQ(h.host("a").lastAction().reason, "heartbeat timeout after 30s");
    }
}

TEST(ExpectReboot, GraceAfterPowerOnBecomesAGraceCountedFromTheAnnouncement)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.advance(35s);  // cycled at 30s, powered on at 35s: in grace until 3min35s
    ASSERT_EQ(h.host("a").phase(), HostWatch::Phase::Grace);
    h.advance(1min);
    h.send("a", ExpectReboot{});
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.host("a").phase(), HostWatch::Phase::RebootGrace);
    const auto commands = h.relayCommandsSent("a");
    // The power-on grace would have ended in "armed" 2min35s from here.
    h.advance(3min - 1us);
    EXPECT_EQ(h.state("a"), HostState::Grace);
    EXPECT_EQ(h.relayCommandsSent("a"), commands);
    h.advance(1us);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    EXPECT_EQ(h.host("a").lastAction().reason, kOverdue);
}

TEST(ExpectReboot, AnnouncedAgainTheGraceStartsAgain)
{
    BoardHarness h({hostConfig("a")});
    announcedReboot(h);
    h.advance(2min);
    h.send("a", ExpectReboot{});
    EXPECT_TRUE(h.lastReply().accepted);
    h.advance(3min - 1us);
    EXPECT_EQ(h.state("a"), HostState::Grace);
    h.advance(1us);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    EXPECT_EQ(h.host("a").counters().rebootsAnnounced, 2u);
}

TEST(ExpectReboot, DisarmDuringTheGraceStopsTheWatch)
{
    BoardHarness h({hostConfig("a")});
    announcedReboot(h);
    h.send("a", Disarm{});
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.state("a"), HostState::Disarmed);
    h.advance(1h);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
}

TEST(ExpectReboot, PowerRequestsDuringTheGraceAreTakenAsFromAnArmedHost)
{
    BoardHarness h({hostConfig("a")});
    announcedReboot(h);
    h.send("a", RequestOff{"maintenance"});
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.state("a"), HostState::OffLatched);
}

namespace {

struct OtherState {
    const char* name;
    void (*setUp)(BoardHarness&);
    HostState state;
    Refusal refusal;
};

void disarmed(BoardHarness&) {}
void disarmedAfterShutdown(BoardHarness& h)
{
    h.send("a", Hello{});
    h.send("a", Disarm{});
}
void cycling(BoardHarness& h)
{
    h.autoRelay = false;  // stays in power-off until the relay answers
    h.send("a", Hello{});
    h.send("a", RequestCycle{"first"});
}
void holdingOff(BoardHarness& h)
{
    h.send("a", Hello{});
    h.send("a", RequestCycle{"first"});
}
void latched(BoardHarness& h)
{
    h.send("a", Hello{});
    h.send("a", RequestOff{"first"});
}

void PrintTo(const OtherState& s, std::ostream* os)
{
    *os << s.name;
}

class ExpectRebootRefused : public testing::TestWithParam<OtherState> {};

} // namespace

TEST_P(ExpectRebootRefused, IsAnsweredWithTheStatesNakAndChangesNothing)
{
    const OtherState& p = GetParam();
    BoardHarness h({hostConfig("a")});
    p.setUp(h);
    ASSERT_EQ(h.state("a"), p.state);
    const HostWatch::Phase phase = h.host("a").phase();
    const PersistedHost before = h.host("a").persisted();
    const auto deadline = h.board->nextDeadline();
    const auto commands = h.relayCommandsSent("a");
    const auto persists = h.persists;

    h.send("a", ExpectReboot{});

    EXPECT_FALSE(h.lastReply().accepted);
    EXPECT_EQ(h.lastReply().refusal, p.refusal);
    EXPECT_FALSE(h.lastReply().detail.empty());
    EXPECT_EQ(h.host("a").phase(), phase);
    EXPECT_EQ(h.board->nextDeadline(), deadline);
    EXPECT_EQ(h.relayCommandsSent("a"), commands);
    EXPECT_EQ(h.host("a").lastAction(), before.lastAction);
    EXPECT_EQ(h.host("a").counters().rebootsAnnounced, 0u);
    EXPECT_EQ(h.host("a").counters().refusals, before.counters.refusals + 1);
    // Only the refusal was counted; nothing else about the host changed.
    PersistedHost after = h.host("a").persisted();
    after.counters.refusals = before.counters.refusals;
    EXPECT_EQ(after, before);
    EXPECT_EQ(h.persists, persists + 1);  // the refusal counter is persisted
}

INSTANTIATE_TEST_SUITE_P(
    Board, ExpectRebootRefused,
    testing::Values(OtherState{"never_armed", disarmed, HostState::Disarmed, Refusal::NotArmed},
                    OtherState{"disarmed_after_shutdown", disarmedAfterShutdown, HostState::Disarmed,
                               Refusal::NotArmed},
                    OtherState{"switching_off", cycling, HostState::Cycling, Refusal::Busy},
                    OtherState{"holding_off", holdingOff, HostState::Cycling, Refusal::Busy},
                    OtherState{"off_latched", latched, HostState::OffLatched, Refusal::Latched}),
    [](const testing::TestParamInfo<OtherState>& info) { return std::string(info.param.name); });

TEST(ExpectReboot, TheGraceSurvivesAPgmIcdRestart)
{
    BoardHarness h({hostConfig("a")});
    announcedReboot(h);
    h.advance(2min);
    h.restartSameBoot();
    EXPECT_EQ(h.state("a"), HostState::Grace);
    EXPECT_EQ(h.host("a").phase(), HostWatch::Phase::RebootGrace);
    EXPECT_EQ(h.host("a").lastAction().kind, LastActionKind::ExpectReboot);
    EXPECT_EQ(h.host("a").counters().rebootsAnnounced, 1u);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    // A fresh grace (the old deadline was on the previous run's clock); when
    // it ends without a beat the host is power-cycled, not merely armed.
    h.advance(3min - 1us);
    EXPECT_EQ(h.relayCommandsSent("a"), 0u);
    h.advance(1us);
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    EXPECT_EQ(h.host("a").lastAction().reason, kOverdue);
}

TEST(ExpectReboot, TheGraceSurvivesABoardReboot)
{
    BoardHarness h({hostConfig("a")});
    announcedReboot(h);
    h.restart("boot-2");
    EXPECT_EQ(h.host("a").phase(), HostWatch::Phase::RebootGrace);
    h.send("a", Hello{});
    EXPECT_EQ(h.state("a"), HostState::Armed);
}

TEST(ExpectReboot, APowerOnGraceStaysOneAcrossARestart)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.advance(35s);
    ASSERT_EQ(h.host("a").phase(), HostWatch::Phase::Grace);
    h.restartSameBoot();
    EXPECT_EQ(h.host("a").phase(), HostWatch::Phase::Grace);
    EXPECT_FALSE(h.host("a").persisted().rebootAnnounced);
}
