// The translation of corosync's C structures: reasons, member lists, links.

#include "cluster/corosync_translate.hpp"

#include <gtest/gtest.h>

using namespace pgmd::cluster;

TEST(MemberReasonFrom, MapsEveryCpgReason)
{
    EXPECT_EQ(memberReasonFrom(CPG_REASON_JOIN, MemberReason::Leave), MemberReason::Join);
    EXPECT_EQ(memberReasonFrom(CPG_REASON_LEAVE, MemberReason::Join), MemberReason::Leave);
    EXPECT_EQ(memberReasonFrom(CPG_REASON_NODEDOWN, MemberReason::Join), MemberReason::NodeDown);
    EXPECT_EQ(memberReasonFrom(CPG_REASON_NODEUP, MemberReason::Join), MemberReason::NodeUp);
    EXPECT_EQ(memberReasonFrom(CPG_REASON_PROCDOWN, MemberReason::Join), MemberReason::ProcessDown);
    EXPECT_EQ(memberReasonFrom(CPG_REASON_UNDEFINED, MemberReason::Leave), MemberReason::Leave);
    EXPECT_EQ(memberReasonFrom(99, MemberReason::Join), MemberReason::Join);
}

TEST(MembershipFrom, SortsMembersAndKeepsReasons)
{
    cpg_address members[] = {{3, 30, CPG_REASON_UNDEFINED}, {1, 10, CPG_REASON_UNDEFINED},
                             {3, 31, CPG_REASON_UNDEFINED}};
    cpg_address left[] = {{2, 20, CPG_REASON_PROCDOWN}};
    cpg_address joined[] = {{3, 31, CPG_REASON_JOIN}};
    MembershipChange c = membershipFrom(members, left, joined);
    EXPECT_EQ(c.members, (std::vector<NodeId>{1, 3}));
    ASSERT_EQ(c.left.size(), 1u);
    EXPECT_EQ(c.left[0], (MemberEvent{2, 20, MemberReason::ProcessDown}));
    ASSERT_EQ(c.joined.size(), 1u);
    EXPECT_EQ(c.joined[0], (MemberEvent{3, 31, MemberReason::Join}));
}

TEST(MembershipFrom, UndefinedReasonsFallBackByList)
{
    cpg_address left[] = {{2, 20, CPG_REASON_UNDEFINED}};
    cpg_address joined[] = {{3, 30, CPG_REASON_UNDEFINED}};
    MembershipChange c = membershipFrom({}, left, joined);
    EXPECT_EQ(c.left[0].reason, MemberReason::Leave);
    EXPECT_EQ(c.joined[0].reason, MemberReason::Join);
}

TEST(IncludesProcess, NeedsNodeAndPid)
{
    cpg_address members[] = {{1, 10, 0}, {2, 20, 0}};
    EXPECT_TRUE(includesProcess(members, 2, 20));
    EXPECT_FALSE(includesProcess(members, 2, 21));  // another pgmd on that node: not us
    EXPECT_FALSE(includesProcess({}, 1, 10));
}

TEST(LinksFrom, ReportsEnabledLinksOnly)
{
    corosync_cfg_node_status_v1 status{};
    status.nodeid = 2;
    status.link_status[0].enabled = 1;
    status.link_status[0].connected = 1;
    status.link_status[1].enabled = 1;
    status.link_status[1].connected = 0;
    status.link_status[5].connected = 1;  // not configured: ignored
    EXPECT_EQ(linksFrom(status), (std::vector<LinkState>{{2, 0, true, true}, {2, 1, true, false}}));
}

TEST(CsErrorName, NamesKnownAndUnknownCodes)
{
    EXPECT_EQ(csErrorName(CS_ERR_TRY_AGAIN), "CS_ERR_TRY_AGAIN");
    EXPECT_EQ(csErrorName(static_cast<cs_error_t>(77)), "CS_ERR_77");
}
