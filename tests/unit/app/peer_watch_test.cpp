// PeerWatch without a bus: what the corosync link and the board report ends
// up as the rows of Cluster.LinkStates and PeerVerdicts, under the peers'
// names; no bus object yet is no failure.

#include "app/peer_watch.hpp"

#include "common/loop/event_loop.hpp"

#include <gtest/gtest.h>

namespace pgmd {
namespace {

cluster::MembershipChange members(std::vector<cluster::NodeId> ids)
{
    cluster::MembershipChange c;
    c.members = std::move(ids);
    return c;
}

struct PeerWatchTest : ::testing::Test {
    pgm::EventLoop loop;
    int changes = 0;
    // No link addresses: no carrier watch, carriers unknown.
    PeerWatch watch{loop, [](cluster::NodeId id) { return id == 2 ? std::string("n2") : std::string(); },
                    [this] { ++changes; }};

    ClusterInfo info() const
    {
        ClusterInfo out;
        watch.describe(out);
        return out;
    }
};

TEST_F(PeerWatchTest, LinksAndVerdictsUnderThePeersNames)
{
    watch.joined(1, {1, 2, 3}, {});
    watch.membershipChanged(members({1, 2, 3}));
    watch.linksChanged({{2, 0, true, false}, {2, 1, true, true}, {3, 0, true, true}, {3, 1, true, true}});
    EXPECT_GT(changes, 0);
    const ClusterInfo c = info();
    ASSERT_EQ(c.verdicts.size(), 2u);
    EXPECT_EQ(c.verdicts[0].node, "n2");
    EXPECT_EQ(c.verdicts[0].verdict, "peer-nic");
    EXPECT_EQ(c.verdicts[0].link, 0);
    EXPECT_TRUE(c.verdicts[0].degraded);
    EXPECT_FALSE(c.verdicts[0].lost);
    EXPECT_EQ(c.verdicts[1].node, "node id 3");  // no name known
    EXPECT_EQ(c.verdicts[1].verdict, "healthy");
    EXPECT_EQ(c.verdicts[1].link, -1);
    ASSERT_EQ(c.linkStates.size(), 4u);
    EXPECT_FALSE(c.linkStates[0].connected);
    EXPECT_EQ(c.linkStates[0].cause, "peer-nic");
    EXPECT_EQ(c.linkStates[0].carrier, "unknown");
    EXPECT_EQ(c.linkStates[1].cause, "");
}

TEST_F(PeerWatchTest, TheBoardsViewIsEvidence)
{
    std::vector<cluster::NodeId> asked;
    watch.setAskBoard([&](cluster::NodeId node) { asked.push_back(node); });
    watch.joined(1, {1, 2}, {});
    watch.membershipChanged(members({1, 2}));
    EXPECT_TRUE(asked.empty());
    watch.linksChanged({{2, 0, true, false}, {2, 1, true, false}});
    EXPECT_EQ(info().verdicts[0].verdict, "unreachable");
    EXPECT_EQ(asked, std::vector<cluster::NodeId>{2});  // every link down: the board is asked
    watch.onBoardPeer(2, cluster::BoardPeerView::Alive);
    EXPECT_EQ(info().verdicts[0].verdict, "partition");
    ASSERT_EQ(info().boardViews.size(), 1u);
    EXPECT_EQ(info().boardViews[0].node, "n2");
    EXPECT_EQ(info().boardViews[0].view, "alive");
    watch.onBoardPeer(2, cluster::BoardPeerView::Off);
    EXPECT_EQ(info().verdicts[0].verdict, "peer-host-down");
    EXPECT_TRUE(info().verdicts[0].lost);
    EXPECT_EQ(info().boardViews[0].view, "off");
    EXPECT_EQ(asked.size(), 1u);
}

} // namespace
} // namespace pgmd
