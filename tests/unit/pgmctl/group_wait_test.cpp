// The wait predicates over recorded sequences of a group's properties, as
// PropertiesChanged delivers them after a command's call.

#include "group_wait.hpp"

#include "sample_groups.hpp"

#include <gtest/gtest.h>

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

} // namespace
} // namespace pgmctl
