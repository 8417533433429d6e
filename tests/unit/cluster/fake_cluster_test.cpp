// The fake corosync keeps CPG's promises (agreed order, reasons per fault),
// so tests built on it mean what they would mean on a real cluster.

#include "fake_cluster.hpp"
#include "recording_listener.hpp"

#include <gtest/gtest.h>

using namespace pgmd::cluster;
using namespace pgmd::cluster::test;

namespace {

std::vector<std::uint8_t> bytes(const std::string& s)
{
    return {s.begin(), s.end()};
}

struct TwoNodes : ::testing::Test {
    FakeCorosync cluster{{1, 2}};
    RecordingListener l1, l2;
    FakeClusterLink n1{cluster, 1, 100, l1};
    FakeClusterLink n2{cluster, 2, 200, l2};

    void SetUp() override
    {
        n1.start("pgmd");
        n2.start("pgmd");
        cluster.run();
    }
};

} // namespace

TEST_F(TwoNodes, BothJoinAndSeeEachOther)
{
    EXPECT_EQ(l1.only("joined"), (std::vector<std::string>{"joined 1"}));
    EXPECT_EQ(l1.only("members"), (std::vector<std::string>{"members 1 +1:join", "members 1,2 +2:join"}));
    EXPECT_EQ(l2.only("members"), (std::vector<std::string>{"members 1,2 +2:join"}));
    EXPECT_TRUE(l1.lastQuorum.quorate);
    EXPECT_TRUE(n1.isJoined());
}

TEST_F(TwoNodes, MessagesArriveInTheSameOrderEverywhere)
{
    n1.multicast(bytes("a"));
    n2.multicast(bytes("b"));
    n1.multicast(bytes("c"));
    // Sent from inside a delivery: queued behind what is already on its way.
    l2.onMessage = [&](NodeId, const std::string& text) {
        if (text == "a")
            n2.multicast(bytes("reply-to-a"));
    };
    cluster.run();
    auto expected = std::vector<std::string>{"message 1 a", "message 2 b", "message 1 c", "message 2 reply-to-a"};
    EXPECT_EQ(l1.only("message"), expected);
    EXPECT_EQ(l2.only("message"), expected);
}

TEST_F(TwoNodes, ProcessDeathIsProcessDownAndNodeStays)
{
    cluster.killProcess(2);
    cluster.run();
    EXPECT_EQ(l1.only("members").back(), "members 1 -2:process-down");
    EXPECT_EQ(l1.lastQuorum.members, (std::vector<NodeId>{1, 2}));
}

TEST_F(TwoNodes, NodeLossIsNodeDownAndTwoNodeKeepsQuorum)
{
    cluster.killNode(2);
    n2.multicast(bytes("lost"));  // a dead node sends nothing
    cluster.run();
    EXPECT_EQ(l1.only("members").back(), "members 1 -2:node-down");
    EXPECT_EQ(l1.only("quorate").back(), "quorate 1");
    EXPECT_TRUE(l1.only("message").empty());
}

TEST_F(TwoNodes, CorosyncRestartDisconnectsAndRejoins)
{
    cluster.stopCorosync(2);
    cluster.run();
    EXPECT_EQ(l2.events.back(), "disconnected unreachable");
    EXPECT_EQ(n2.multicast(bytes("x")), SendResult::NotJoined);
    EXPECT_EQ(l1.only("members").back(), "members 1 -2:node-down");
    cluster.bootNode(2);
    cluster.run();
    EXPECT_EQ(l2.only("joined").size(), 2u);
    EXPECT_EQ(l1.only("members").back(), "members 1,2 +2:join");
}

TEST_F(TwoNodes, EvictionIsReportedAndFollowedByARejoin)
{
    cluster.evict(1);
    cluster.run();
    auto tail = std::vector<std::string>(l1.events.end() - 4, l1.events.end());
    EXPECT_EQ(tail, (std::vector<std::string>{"disconnected evicted", "joined 1", "members 1,2 +1:join",
                                              "quorate 1,2"}));
    EXPECT_EQ(l2.only("members").back(), "members 1,2 +1:join");
}

TEST_F(TwoNodes, StopIsALeaveForTheOthers)
{
    n2.stop();
    cluster.run();
    EXPECT_EQ(l1.only("members").back(), "members 1 -2:leave");
    EXPECT_FALSE(n2.isJoined());
}

TEST(FakeCorosync, ThreeNodesLoseQuorumWithTwoDown)
{
    FakeCorosync cluster{{1, 2, 3}};
    RecordingListener l1;
    FakeClusterLink n1{cluster, 1, 100, l1};
    n1.start("pgmd");
    cluster.run();
    EXPECT_TRUE(l1.lastQuorum.quorate);
    cluster.killNode(2);
    cluster.run();
    EXPECT_TRUE(l1.lastQuorum.quorate);
    cluster.killNode(3);
    cluster.run();
    EXPECT_FALSE(l1.lastQuorum.quorate);
}

TEST(FakeCorosync, StartWithoutCorosyncReportsUnreachable)
{
    FakeCorosync cluster{{1, 2}};
    cluster.stopCorosync(1);
    cluster.run();
    RecordingListener l1;
    FakeClusterLink n1{cluster, 1, 100, l1};
    n1.start("pgmd");
    EXPECT_EQ(l1.events, (std::vector<std::string>{"disconnected unreachable"}));
    cluster.bootNode(1);
    cluster.run();
    EXPECT_EQ(l1.only("joined"), (std::vector<std::string>{"joined 1"}));
}

TEST(FakeCorosync, RefusesTooLargeMessages)
{
    FakeCorosync cluster{{1}, 4};
    RecordingListener l1;
    FakeClusterLink n1{cluster, 1, 100, l1};
    n1.start("pgmd");
    cluster.run();
    EXPECT_EQ(n1.multicast(bytes("12345")), SendResult::TooLarge);
    EXPECT_EQ(n1.multicast(bytes("1234")), SendResult::Queued);
}
