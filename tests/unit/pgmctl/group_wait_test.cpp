// The wait predicates over recorded sequences of a group's properties, as
// PropertiesChanged delivers them after a command's call.

#include "group_wait.hpp"

#include "sample_groups.hpp"

#include <gtest/gtest.h>

#include <variant>
#include <vector>

namespace pgmctl {
namespace {

GroupStatus with(GroupStatus g, const std::string& state, bool held = false)
{
    g.state = state;
    g.held = held;
    return g;
}

// Feeds `seen` one by one; the verdict after the last, or the first one that
// is not Pending.
WaitVerdict replay(WaitGoal goal, const GroupStatus& before, const std::vector<GroupStatus>& seen)
{
    GroupWait wait(std::move(goal), before);
    WaitVerdict verdict;
    for (const GroupStatus& now : seen) {
        verdict = wait.observe(now);
        if (verdict.outcome != WaitOutcome::Pending)
            break;
    }
    return verdict;
}

TEST(GroupWait, OnlineReachedWhenActiveAndNotHeld)
{
    GroupStatus before = with(billingGroup(), "offline");
    GroupStatus up = with(before, "active");
    EXPECT_EQ(replay(onlineGoal(), before, {with(before, "unavailable"), with(before, "init"), up}).outcome,
              WaitOutcome::Reached);
    EXPECT_EQ(replay(onlineGoal(), before, {with(before, "unavailable"), with(before, "init")}).outcome,
              WaitOutcome::Pending);
    EXPECT_EQ(replay(onlineGoal(), before, {with(before, "standby")}).outcome, WaitOutcome::Reached);
}

TEST(GroupWait, OnlineOfAHeldGroupIsNotFailedByTheOldHold)
{
    GroupStatus before = with(msgbusGroup(), "unavailable", true);
    // The call lifts the hold; until pgmd says so the old hold is no failure.
    EXPECT_EQ(replay(onlineGoal(), before, {before}).outcome, WaitOutcome::Pending);
    EXPECT_EQ(replay(onlineGoal(), before, {with(before, "unavailable"), with(before, "init"), with(before, "active")})
                  .outcome,
              WaitOutcome::Reached);
    // Released, then held again: a new hold.
    GroupStatus heldAgain = with(before, "unavailable", true);
    heldAgain.holdReason = "group restart budget spent";
    WaitVerdict verdict = replay(onlineGoal(), before, {with(before, "unavailable"), heldAgain});
    EXPECT_EQ(verdict.outcome, WaitOutcome::Failed);
    EXPECT_EQ(verdict.reason, "group restart budget spent");
}

TEST(GroupWait, ANewFaultFailsWithTheFault)
{
    GroupStatus before = with(billingGroup(), "offline");
    GroupStatus failing = with(before, "init");
    failing.lastFault = "billing-db.service exited with status 3";
    failing.lastFaultTimestampUsec = before.lastFaultTimestampUsec + 1;
    WaitVerdict verdict = replay(onlineGoal(), before, {with(before, "unavailable"), failing});
    EXPECT_EQ(verdict.outcome, WaitOutcome::Failed);
    EXPECT_EQ(verdict.reason, "billing-db.service exited with status 3");
    // The fault from before the call is no failure of this call.
    EXPECT_EQ(replay(onlineGoal(), before, {with(before, "init")}).outcome, WaitOutcome::Pending);
}

TEST(GroupWait, FailureWinsOverTheGoalInTheSameChange)
{
    GroupStatus before = with(billingGroup(), "offline");
    GroupStatus activeButFaulted = with(before, "active");
    activeButFaulted.lastFaultTimestampUsec = before.lastFaultTimestampUsec + 1;
    EXPECT_EQ(replay(onlineGoal(), before, {activeButFaulted}).outcome, WaitOutcome::Failed);
}

TEST(GroupWait, UnavailableAfterHavingLeftItFails)
{
    GroupStatus before = with(billingGroup(), "offline");
    // Unavailable while waiting for what it needs is no failure ...
    EXPECT_EQ(replay(onlineGoal(), before, {with(before, "unavailable")}).outcome, WaitOutcome::Pending);
    // ... unavailable again after init is.
    WaitVerdict verdict =
        replay(onlineGoal(), before, {with(before, "unavailable"), with(before, "init"), with(before, "unavailable")});
    EXPECT_EQ(verdict.outcome, WaitOutcome::Failed);
    EXPECT_EQ(verdict.reason, "unavailable again: billing-api.service exited with status 1");
}

TEST(GroupWait, OfflineSeenAfterTheCallIsNotHavingLeftUnavailable)
{
    // A change of the members from the offline before, announced after the
    // call, then the way up.
    GroupStatus before = with(billingGroup(), "offline");
    EXPECT_EQ(replay(onlineGoal(), before,
                     {with(before, "offline"), with(before, "unavailable"), with(before, "init"), with(before, "active")})
                  .outcome,
              WaitOutcome::Reached);
}

TEST(GroupWait, RestartWaitsForANewIncarnation)
{
    GroupStatus before = billingGroup();
    GroupStatus restarting = with(before, "init");
    GroupStatus again = with(before, "active");
    again.incarnation = before.incarnation + 1;
    // Still active as the old incarnation: not restarted yet.
    EXPECT_EQ(replay(restartGoal(), before, {before}).outcome, WaitOutcome::Pending);
    EXPECT_EQ(replay(restartGoal(), before, {restarting, again}).outcome, WaitOutcome::Reached);
}

TEST(GroupWait, ActivateDeactivateOffline)
{
    GroupStatus standby = with(billingGroup(), "standby");
    GroupStatus active = with(billingGroup(), "active");
    EXPECT_EQ(replay(activateGoal(), standby, {standby, active}).outcome, WaitOutcome::Reached);
    EXPECT_EQ(replay(activateGoal(), standby, {standby}).outcome, WaitOutcome::Pending);
    EXPECT_EQ(replay(deactivateGoal(), active, {active, standby}).outcome, WaitOutcome::Reached);
    EXPECT_EQ(replay(offlineGoal(), active, {with(active, "offline")}).outcome, WaitOutcome::Reached);
}

TEST(GroupWait, MemberRestartWaitsForANewMainPid)
{
    GroupStatus before = billingGroup();  // billing-api.service runs as 1234
    GroupStatus stopping = before;
    stopping.members[0] = {"billing-api.service", "deactivating", "stop-sigterm", 1234};
    GroupStatus again = before;
    again.members[0] = {"billing-api.service", "active", "running", 5678};
    EXPECT_EQ(replay(memberRestartGoal("billing-api.service"), before, {before, stopping}).outcome,
              WaitOutcome::Pending);
    EXPECT_EQ(replay(memberRestartGoal("billing-api.service"), before, {stopping, again}).outcome,
              WaitOutcome::Reached);
    // The new PID without the stop in between, and the stop and start before the new PID is known.
    EXPECT_EQ(replay(memberRestartGoal("billing-api.service"), before, {again}).outcome, WaitOutcome::Reached);
    EXPECT_EQ(replay(memberRestartGoal("billing-api.service"), before, {stopping, before}).outcome,
              WaitOutcome::Reached);
}

TEST(GroupWait, MemberWithoutAPidIsRestartedWhenActiveAgain)
{
    GroupStatus before = billingGroup();  // billing-db.service: active (exited), no PID
    GroupStatus starting = before;
    starting.members[1] = {"billing-db.service", "activating", "start", 0};
    EXPECT_EQ(replay(memberRestartGoal("billing-db.service"), before, {before}).outcome, WaitOutcome::Pending);
    EXPECT_EQ(replay(memberRestartGoal("billing-db.service"), before, {starting, before}).outcome,
              WaitOutcome::Reached);
}

TEST(GroupWait, DefaultTimeoutIsTheActivationTimeoutAndAMargin)
{
    GroupStatus g = billingGroup();  // ActivationTimeoutSec=30s
    EXPECT_EQ(defaultWaitTimeout(g), std::chrono::seconds(45));
    g.activationTimeoutUsec = 0;  // an older pgmd
    EXPECT_EQ(defaultWaitTimeout(g), std::chrono::seconds(90));
}

// switchover: the group's properties on one node of a hot-standby pair n1/n2.
GroupStatus pairHalf(const std::string& state, std::vector<std::string> owners, const std::string& mate,
                     const std::string& mateState)
{
    GroupStatus g = with(billingGroup(), state);
    g.redundancy = "hot-standby";
    g.clusterNodes = {"n1", "n2"};
    g.owners = std::move(owners);
    g.mate = mate;
    g.mateState = mateState;
    return g;
}

WaitVerdict replayPair(WaitGoal goal, const GroupStatus& before,
                       const std::vector<std::variant<GroupStatus, PairEvent>>& seen)
{
    GroupWait wait(std::move(goal), before);
    GroupStatus now = before;
    WaitVerdict verdict;
    for (const auto& item : seen) {
        if (const auto* g = std::get_if<GroupStatus>(&item)) {
            now = *g;
            verdict = wait.observe(now);
        } else {
            verdict = wait.observePair(std::get<PairEvent>(item), now);
        }
        if (verdict.outcome != WaitOutcome::Pending)
            break;
    }
    return verdict;
}

TEST(SwitchoverWait, OnTheOldOwnerReachedOnceItStoodDownAndTheMateIsActive)
{
    GroupStatus before = pairHalf("active", {"n1"}, "n2", "standby");
    WaitGoal goal = switchoverGoal("n1", "n2", before);
    // Stood down; the owners change once n1's report says so; n2 starts.
    EXPECT_EQ(replay(goal, before,
                     {pairHalf("standby", {"n1"}, "n2", "standby"), pairHalf("standby", {"n2"}, "n2", "standby"),
                      pairHalf("standby", {"n2"}, "n2", "init")})
                  .outcome,
              WaitOutcome::Pending);
    EXPECT_EQ(replay(goal, before,
                     {pairHalf("standby", {"n1"}, "n2", "standby"), pairHalf("standby", {"n2"}, "n2", "init"),
                      pairHalf("standby", {"n2"}, "n2", "active")})
                  .outcome,
              WaitOutcome::Reached);
}

TEST(SwitchoverWait, OnTheNewOwnerReachedWhenItsOwnHalfIsActive)
{
    GroupStatus before = pairHalf("standby", {"n1"}, "n1", "active");
    WaitGoal goal = switchoverGoal("n2", "", before);
    EXPECT_EQ(replay(goal, before, {pairHalf("standby", {"n1"}, "n1", "standby"),
                                    pairHalf("init", {"n2"}, "n1", "standby")})
                  .outcome,
              WaitOutcome::Pending);
    EXPECT_EQ(replay(goal, before, {pairHalf("standby", {"n1"}, "n1", "standby"),
                                    pairHalf("init", {"n2"}, "n1", "standby"),
                                    pairHalf("active", {"n2"}, "n1", "standby")})
                  .outcome,
              WaitOutcome::Reached);
    EXPECT_EQ(goal.description, "switched over (another node's half active)");
}

TEST(SwitchoverWait, AbandonedWhenTheOldOwnerIsActiveAgain)
{
    // n2's half failed while n1 stood down: nobody else could take over, so
    // n1 is the owner again.
    GroupStatus before = pairHalf("active", {"n1"}, "n2", "standby");
    WaitVerdict verdict = replay(switchoverGoal("n1", "n2", before), before,
                                 {pairHalf("standby", {"n1"}, "n2", "standby"),
                                  pairHalf("standby", {"n1"}, "n2", "unavailable"),
                                  pairHalf("active", {"n1"}, "", "")});
    EXPECT_EQ(verdict.outcome, WaitOutcome::Failed);
    EXPECT_EQ(verdict.reason,
              "switch-over abandoned: n1's half is active again (no other half could take over)");
    // Seen from n2, through MateState.
    GroupStatus fromN2 = pairHalf("standby", {"n1"}, "n1", "active");
    verdict = replay(switchoverGoal("n2", "n2", fromN2), fromN2,
                     {pairHalf("standby", {"n1"}, "n1", "standby"), pairHalf("unavailable", {"n1"}, "n1", "standby"),
                      pairHalf("unavailable", {"n1"}, "n1", "active")});
    EXPECT_EQ(verdict.outcome, WaitOutcome::Failed);
}

TEST(SwitchoverWait, FrozenPairOrAnotherTargetFails)
{
    GroupStatus before = pairHalf("active", {"n1"}, "n2", "standby");
    WaitVerdict frozen = replayPair(switchoverGoal("n1", "n2", before), before,
                                    {PairEvent{PairEvent::Kind::Frozen, "", "", "Units= differs on n2"}});
    EXPECT_EQ(frozen.outcome, WaitOutcome::Failed);
    EXPECT_EQ(frozen.reason, "the pair is frozen: Units= differs on n2");

    GroupStatus three = before;
    three.clusterNodes = {"n1", "n2", "n3"};
    WaitVerdict elsewhere = replayPair(
        switchoverGoal("n1", "n2", three), three,
        {pairHalf("standby", {"n1"}, "n2", "standby"),
         PairEvent{PairEvent::Kind::Failover, "n1", "n3", "failed on n1"}, pairHalf("standby", {"n3"}, "n3", "init")});
    EXPECT_EQ(elsewhere.outcome, WaitOutcome::Failed);
    EXPECT_EQ(elsewhere.reason, "the active half moved to n3 instead of n2 (failed on n1)");
}

PairEvent switchoverEnded(const std::string& from, const std::string& to, const std::string& by,
                          const std::string& outcome, const std::string& reason)
{
    PairEvent e{PairEvent::Kind::SwitchoverEnded, from, to, reason};
    e.byNode = by;
    e.outcome = outcome;
    return e;
}

TEST(SwitchoverWait, ThisRequestRefusedOrAbandonedFailsAtOnce)
{
    GroupStatus before = pairHalf("active", {"n1"}, "n2", "standby");
    WaitVerdict refused =
        replayPair(switchoverGoal("n1", "n2", before), before,
                   {switchoverEnded("n1", "n2", "n1", "refused", "a switch-over of billing is already under way")});
    EXPECT_EQ(refused.outcome, WaitOutcome::Failed);
    EXPECT_EQ(refused.reason, "switch-over refused: a switch-over of billing is already under way");

    WaitVerdict abandoned = replayPair(
        switchoverGoal("n1", "n2", before), before,
        {pairHalf("standby", {"n1"}, "n2", "standby"),
         switchoverEnded("n1", "n2", "n1", "abandoned", "n2's half is no longer a ready standby")});
    EXPECT_EQ(abandoned.outcome, WaitOutcome::Failed);
    EXPECT_EQ(abandoned.reason, "switch-over abandoned: n2's half is no longer a ready standby");

    // The owners changed before it was delivered: the refusal names no owner.
    EXPECT_EQ(replayPair(switchoverGoal("n1", "n2", before), before,
                         {switchoverEnded("", "n2", "n1", "refused", "billing has 2 active halves; a switch-over "
                                                                     "needs exactly one")})
                  .outcome,
              WaitOutcome::Failed);

    // Seen on the node named, which asked with no node.
    GroupStatus fromN2 = pairHalf("standby", {"n1"}, "n1", "active");
    EXPECT_EQ(replayPair(switchoverGoal("n2", "", fromN2), fromN2,
                         {switchoverEnded("n1", "", "n2", "abandoned", "n1 is no longer present")})
                  .reason,
              "switch-over abandoned: n1 is no longer present");
}

TEST(SwitchoverWait, AnotherRequestEndingOrCompletedDoesNotDecide)
{
    GroupStatus before = pairHalf("active", {"n1"}, "n2", "standby");
    WaitGoal goal = switchoverGoal("n1", "n2", before);
    // Asked on another node, or to another node: not this request.
    EXPECT_EQ(replayPair(goal, before,
                         {switchoverEnded("n1", "n2", "n2", "refused", "a switch-over of billing is already under way"),
                          switchoverEnded("n1", "n3", "n1", "abandoned", "n3's half is no longer a ready standby")})
                  .outcome,
              WaitOutcome::Pending);
    // Completed: the goal still decides, and it agrees.
    EXPECT_EQ(replayPair(goal, before,
                         {pairHalf("standby", {"n1"}, "n2", "standby"),
                          switchoverEnded("n1", "n2", "n1", "completed", "switch-over requested on n1")})
                  .outcome,
              WaitOutcome::Pending);
    EXPECT_EQ(replayPair(goal, before,
                         {pairHalf("standby", {"n1"}, "n2", "standby"),
                          switchoverEnded("n1", "n2", "n1", "completed", "switch-over requested on n1"),
                          pairHalf("standby", {"n2"}, "n2", "active")})
                  .outcome,
              WaitOutcome::Reached);
}

TEST(SwitchoverWait, AFaultOfThisHalfFails)
{
    GroupStatus before = pairHalf("standby", {"n1"}, "n1", "active");
    GroupStatus failed = pairHalf("unavailable", {"n2"}, "n1", "standby");
    failed.lastFault = "app.service exited with status 1";
    failed.lastFaultTimestampUsec = before.lastFaultTimestampUsec + 1;
    WaitVerdict verdict = replay(switchoverGoal("n2", "n2", before), before, {failed});
    EXPECT_EQ(verdict.outcome, WaitOutcome::Failed);
    EXPECT_EQ(verdict.reason, "app.service exited with status 1");
}

TEST(SwitchoverWait, HalfStateAsSeenFromThisNode)
{
    GroupStatus g = pairHalf("standby", {"n1"}, "n1", "active");
    EXPECT_EQ(halfStateAsSeen(g, "n2", "n2"), "standby");
    EXPECT_EQ(halfStateAsSeen(g, "n1", "n2"), "active");
    EXPECT_EQ(halfStateAsSeen(g, "n3", "n2"), std::nullopt);
    g.held = true;
    EXPECT_EQ(halfStateAsSeen(g, "n2", "n2"), "held");
}

} // namespace
} // namespace pgmctl
