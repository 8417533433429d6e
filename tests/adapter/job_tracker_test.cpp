#include "systemd/job_tracker.hpp"

#include <gtest/gtest.h>

namespace pgmd {
namespace {

const std::string job1 = "/org/freedesktop/systemd1/job/1";
const std::string job2 = "/org/freedesktop/systemd1/job/2";

TEST(JobTracker, ReplyThenRemoval)
{
    JobTracker t;
    auto ticket = t.callSent();
    EXPECT_FALSE(t.callSucceeded(ticket, "a.service", JobKind::Start, job1));
    auto done = t.jobRemoved(job1, "done");
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0], (FinishedJob{"a.service", JobKind::Start, "done"}));
    EXPECT_EQ(t.jobsAwaitingRemoval(), 0u);
    EXPECT_EQ(t.earlyRemovalsKept(), 0u);
}

TEST(JobTracker, RemovalBeforeReply)
{
    JobTracker t;
    auto ticket = t.callSent();
    EXPECT_TRUE(t.jobRemoved(job1, "failed").empty());
    auto done = t.callSucceeded(ticket, "a.service", JobKind::Restart, job1);
    ASSERT_TRUE(done);
    EXPECT_EQ(*done, (FinishedJob{"a.service", JobKind::Restart, "failed"}));
    EXPECT_EQ(t.jobsAwaitingRemoval(), 0u);
    EXPECT_EQ(t.earlyRemovalsKept(), 0u);
}

TEST(JobTracker, ForeignJobsAreNotKept)
{
    JobTracker t;
    EXPECT_TRUE(t.jobRemoved(job2, "done").empty());
    EXPECT_EQ(t.earlyRemovalsKept(), 0u);

    auto ticket = t.callSent();
    t.jobRemoved(job2, "done");  // someone else's job, seen while ours is in flight
    EXPECT_EQ(t.earlyRemovalsKept(), 1u);
    EXPECT_FALSE(t.callSucceeded(ticket, "a.service", JobKind::Start, job1));
    EXPECT_EQ(t.earlyRemovalsKept(), 0u);
    EXPECT_EQ(t.jobsAwaitingRemoval(), 1u);
}

TEST(JobTracker, FailedCallReleasesEarlyRemovals)
{
    JobTracker t;
    auto ticket = t.callSent();
    t.jobRemoved(job2, "done");
    t.callFailed(ticket);
    EXPECT_EQ(t.earlyRemovalsKept(), 0u);
    EXPECT_EQ(t.callsAwaitingReply(), 0u);
}

TEST(JobTracker, MergedJobAnswersBothCalls)
{
    JobTracker t;
    auto first = t.callSent();
    auto second = t.callSent();
    EXPECT_FALSE(t.callSucceeded(first, "a.service", JobKind::Start, job1));
    // The job ends between the two replies.
    auto done = t.jobRemoved(job1, "done");
    ASSERT_EQ(done.size(), 1u);
    auto late = t.callSucceeded(second, "a.service", JobKind::Start, job1);
    ASSERT_TRUE(late);
    EXPECT_EQ(late->result, "done");
    EXPECT_EQ(t.earlyRemovalsKept(), 0u);
}

TEST(JobTracker, CallSentAfterRemovalCannotClaimIt)
{
    JobTracker t;
    auto early = t.callSent();
    t.jobRemoved(job2, "done");
    auto later = t.callSent();
    t.callSucceeded(early, "a.service", JobKind::Start, job1);
    // Only `later` awaits a reply, and it was sent after job2 ended.
    EXPECT_EQ(t.earlyRemovalsKept(), 0u);
    EXPECT_FALSE(t.callSucceeded(later, "b.service", JobKind::Start, "/org/freedesktop/systemd1/job/3"));
}

} // namespace
} // namespace pgmd
