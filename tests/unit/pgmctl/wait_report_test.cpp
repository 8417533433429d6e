#include "wait_report.hpp"

#include "sample_groups.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

TEST(WaitReport, Failure)
{
    EXPECT_EQ(waitFailedLine("billing", "billing-api.service exited with status 1"),
              "billing: failed: billing-api.service exited with status 1");
}

TEST(WaitReport, TimeoutSaysWhatTheGroupWaitsFor)
{
    GroupStatus g = billingGroup();
    g.state = "unavailable";
    g.waitingFor = {{"resource", "spool", "failing: /var/spool/billing is missing"}, {"group", "msgbus", ""}};
    EXPECT_EQ(waitTimedOutLine(g, std::chrono::seconds(30), "active or standby"),
              "billing: still unavailable after 30s; waits for resource spool (failing: /var/spool/billing is "
              "missing), group msgbus");
}

TEST(WaitReport, TimeoutWithoutWaitingForNamesTheGoal)
{
    GroupStatus g = billingGroup();
    g.state = "init";
    EXPECT_EQ(waitTimedOutLine(g, std::chrono::milliseconds(1500), "active or standby"),
              "billing: still init after 1s 500ms; not yet active or standby");
}

TEST(WaitReport, Interrupted)
{
    GroupStatus g = msgbusGroup();
    EXPECT_EQ(waitInterruptedLine(g), "msgbus: stopped waiting (still unavailable (held)); the request stands");
}

} // namespace
} // namespace pgmctl
