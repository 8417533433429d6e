#include "waiting_for.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

TEST(WaitingFor, EachWaitAsKindNameAndDetail)
{
    EXPECT_EQ(describeWaits({{"group", "billing", "unavailable"}, {"resource", "spool", "failing: /var/spool/x missing"}}),
              "group billing (unavailable), resource spool (failing: /var/spool/x missing)");
}

TEST(WaitingFor, EmptyPartsAreLeftOut)
{
    EXPECT_EQ(describeWaits({{"offline", "", "taken offline by an operator"}}), "offline (taken offline by an operator)");
    EXPECT_EQ(describeWaits({{"layer", "platform", ""}}), "layer platform");
    EXPECT_EQ(describeWaits({}), "");
}

TEST(WaitingFor, PgmdsTextIsMadePrintable)
{
    EXPECT_EQ(describeWaits({{"resource", "spool", "failing: \x1b[2Jgone"}}), "resource spool (failing:  [2Jgone)");
}

TEST(WaitingFor, AfterARequestTheBlockersOrNothing)
{
    EXPECT_EQ(describeWaitingFor("billing", "online", {{"resource", "spool", "failing: missing"}}),
              "billing: online requested; waits for resource spool (failing: missing)");
    EXPECT_EQ(describeWaitingFor("billing", "restart", {}), std::nullopt);
}

} // namespace
} // namespace pgmctl
