// The pair arbiter with an independent computer: board host ids travel in
// the reports, lost nodes are fenced through the board by every quorate
// node whose board can fence, a confirmed off counts once, refusals and
// "you are being fenced" stand this node's halves down, failures are
// retried, and an older board hands fencing back to the agent.

#include "cluster_bus.hpp"

#include <gtest/gtest.h>

namespace pgmd::cluster::test {
namespace {

using namespace std::chrono_literals;

template <typename T> std::vector<T> actionsOf(const SimNode& n)
{
    std::vector<T> out;
    for (const ClusterAction& a : n.log)
        if (const auto* t = std::get_if<T>(&a))
            out.push_back(*t);
    return out;
}

class BoardArbiterTest : public ::testing::Test {
protected:
    // a and b on one board (host ids 1 and 2), one hot pair, a owns it.
    void SetUp() override
    {
        const std::vector<GroupSpec> groups{makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})};
        NodeId id = 1;
        for (const char* name : {"a", "b"}) {
            Config c = makeNodeConfig(name, groups, withAgent);
            IndependentComputerSpec board;
            board.hostId = id;
            c.manager.independentComputer = board;
            bus.add(name, id++, std::move(c));
        }
        bus.startTogether({"a", "b"});
        for (const char* name : {"a", "b"})
            bus.local(name, [](PairArbiter& p) { return p.onBoardAbility(true, "the link is up"); });
    }
    SimNode& a() { return bus.node("a"); }
    SimNode& b() { return bus.node("b"); }
    NodeView viewOf(const SimNode& on, NodeId id) const
    {
        for (const NodeView& v : on.arbiter->nodes())
            if (v.id == id)
                return v;
        return {};
    }

    bool withAgent = false;
    pgm::ManualClock clock;
    ClusterBus bus{clock};
};

TEST_F(BoardArbiterTest, ReportsCarryTheBoardHostIdsThatNoticesAreMappedBy)
{
    EXPECT_EQ(a().arbiter->nodeOfBoardHost(2), 2u);
    EXPECT_EQ(b().arbiter->nodeOfBoardHost(1), 1u);
    EXPECT_EQ(a().arbiter->nodeOfBoardHost(9), 0u);
    EXPECT_EQ(a().arbiter->nodeOfBoardHost(0), 0u);
    EXPECT_EQ(viewOf(a(), 2).boardHost, 2u);
    EXPECT_TRUE(viewOf(a(), 2).boardCanFence);
}

TEST_F(BoardArbiterTest, AHostIdTwoNodesGiveNamesNeither)
{
    Config twin = makeNodeConfig("b", {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})}, false);
    IndependentComputerSpec board;
    board.hostId = 1;  // a's
    twin.manager.independentComputer = board;
    bus.reconfigure("b", twin);
    EXPECT_EQ(a().arbiter->nodeOfBoardHost(1), 0u);
    bus.isolate("b");
    EXPECT_TRUE(actionsOf<FenceThroughBoard>(a()).empty()) << "the board cannot be asked about b";
}

// The host is off before corosync noticed: fenced at once, the mate takes
// over; a repeat of the notice changes nothing.
TEST_F(BoardArbiterTest, OffNoticeForAMemberFencesItAtOnceAndOnce)
{
    ASSERT_EQ(a().state("db"), GroupState::Active);
    bus.hold = true;
    bus.switchOff("a");
    bus.local("b", [](PairArbiter& p) { return p.onBoardFenced(1); });
    EXPECT_EQ(viewOf(b(), 1).presence, Presence::Fenced);
    EXPECT_EQ(viewOf(b(), 1).board, BoardPeerView::Off);
    EXPECT_EQ(b().target("db"), GroupState::Active) << "decided without waiting for a message";
    const std::size_t logged = b().log.size();
    bus.local("b", [](PairArbiter& p) { return p.onBoardFenced(1); });
    EXPECT_EQ(b().log.size(), logged) << "a repeat is ignored";
}

TEST_F(BoardArbiterTest, EveryQuorateNodeAsksItsBoardToFenceALostPeerWithItsActiveCount)
{
    bus.isolate("b");
    const auto fromA = actionsOf<FenceThroughBoard>(a());
    const auto fromB = actionsOf<FenceThroughBoard>(b());
    ASSERT_EQ(fromA.size(), 1u);
    ASSERT_EQ(fromB.size(), 1u);
    EXPECT_EQ(fromA[0].boardHost, 2u);
    EXPECT_EQ(fromA[0].activeCount, 1u);
    EXPECT_EQ(fromB[0].boardHost, 1u);
    EXPECT_EQ(fromB[0].activeCount, 0u);
    EXPECT_TRUE(actionsOf<FenceNode>(a()).empty());
}

TEST_F(BoardArbiterTest, RefusedOrBeingFencedStandsEveryLocalHalfDownForGood)
{
    bus.isolate("b");
    bus.local("a", [](PairArbiter& p) { return p.onFenceRefused(2); });
    EXPECT_EQ(a().target("db"), GroupState::Standby);
    const auto targets = actionsOf<SetRunTarget>(a());
    ASSERT_FALSE(targets.empty());
    EXPECT_NE(targets.back().reason.find("independent computer refused to fence b"), std::string::npos)
        << targets.back().reason;
    bus.local("a", [](PairArbiter& p) { return p.onBeingFenced("b (host 2)"); });
    bus.local("a", [](PairArbiter& p) { return p.onQuorum(QuorumState{true, {1}}); });
    EXPECT_EQ(a().target("db"), GroupState::Standby);
}

TEST_F(BoardArbiterTest, BeingFencedNamesTheAsker)
{
    bus.local("a", [](PairArbiter& p) { return p.onBeingFenced("b (host 2)"); });
    EXPECT_EQ(a().target("db"), GroupState::Standby);
    EXPECT_EQ(actionsOf<SetRunTarget>(a()).back().reason,
              "the independent computer is fencing this node (asked by b (host 2))");
}

TEST_F(BoardArbiterTest, AFailedBoardFenceIsAskedAgainAfterTheRetryDelay)
{
    bus.isolate("b");
    bus.local("b", [](PairArbiter& p) { return p.onBoardFenceFailed(1, "not-peer"); });
    EXPECT_EQ(viewOf(b(), 1).lastFenceFailure, "the independent computer: not-peer");
    bus.advance(kFenceRetryDelay - 1s);
    EXPECT_EQ(actionsOf<FenceThroughBoard>(b()).size(), 1u);
    bus.advance(1s);
    EXPECT_EQ(actionsOf<FenceThroughBoard>(b()).size(), 2u);
}

TEST_F(BoardArbiterTest, OffNoticeForANodeAlreadyGoneIsAppliedWhenDelivered)
{
    bus.isolate("a");
    bus.switchOff("a");
    bus.hold = true;
    bus.local("b", [](PairArbiter& p) { return p.onBoardFenced(1); });
    EXPECT_EQ(viewOf(b(), 1).presence, Presence::Lost) << "not a member: waits for its outcome";
    EXPECT_EQ(b().target("db"), GroupState::Standby);
    bus.deliverAll();
    EXPECT_EQ(viewOf(b(), 1).presence, Presence::Fenced);
    EXPECT_EQ(b().target("db"), GroupState::Active);
}

// One arbiter fed by hand: corosync may list a node the board confirmed off
// in a change about another node before it notices that one; the node stays
// fenced then, the others sync without its report, and it is not fenced again
// when corosync does notice.
TEST(BoardArbiterAlone, ANodeConfirmedOffStaysFencedThroughLaterMembershipChanges)
{
    pgm::ManualClock clock;
    const GroupSpec db = makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b", "c"});
    Config config = makeNodeConfig("b", {db}, false);
    config.manager.independentComputer = IndependentComputerSpec{};
    config.manager.independentComputer->hostId = 2;
    PairArbiter b(config, clock);
    const std::uint64_t digest = definitionDigest(config.groups.front());
    auto report = [&](const std::string& name, std::uint8_t host, bool active) {
        Report r;
        r.nodeName = name;
        r.quorate = true;
        r.boardHost = host;
        r.boardCanFence = true;
        r.halves.push_back(HalfReport{"db", digest, active ? GroupState::Active : GroupState::Standby, false, active,
                                      !active, 1});
        r.owners.push_back(OwnerRecord{"db", 1, {"a"}, "", std::nullopt});
        return r;
    };
    auto fencesThroughBoard = [](const ClusterActions& actions) {
        return std::count_if(actions.begin(), actions.end(),
                             [](const ClusterAction& a) { return std::holds_alternative<FenceThroughBoard>(a); });
    };
    b.onJoined(2);
    b.onQuorum(QuorumState{true, {1, 2, 3}});
    b.onBoardAbility(true, "up");
    b.onMembership(MembershipChange{{1, 2, 3}, {{1, 0, MemberReason::Join}, {2, 0, MemberReason::Join},
                                                {3, 0, MemberReason::Join}}, {}});
    b.onLocalHalves({report("b", 2, false).halves});
    b.onMessage(1, report("a", 1, true));
    b.onMessage(2, report("b", 2, false));
    b.onMessage(3, report("c", 3, false));
    ASSERT_TRUE(b.synced());
    ASSERT_EQ(b.pairs().front().owners, std::vector<std::string>{"a"});

    const ClusterActions off = b.onBoardFenced(1);
    EXPECT_EQ(b.pairs().front().owners, std::vector<std::string>{"b"});
    EXPECT_TRUE(std::any_of(off.begin(), off.end(), [](const ClusterAction& a) {
        const auto* t = std::get_if<SetRunTarget>(&a);
        return t && t->target == GroupState::Active;
    }));

    // c's pgmd goes; corosync still lists a.
    b.onMembership(MembershipChange{{1, 2}, {}, {{3, 0, MemberReason::ProcessDown}}});
    b.onMessage(2, report("b", 2, false));
    EXPECT_TRUE(b.synced()) << "a never reports again: it does not hold the others up";
    auto presenceOfA = [&] {
        for (const NodeView& n : b.nodes())
            if (n.id == 1)
                return n.presence;
        return Presence::Absent;
    };
    EXPECT_EQ(presenceOfA(), Presence::Fenced);

    // Now corosync notices a.
    const ClusterActions gone = b.onMembership(MembershipChange{{2}, {}, {{1, 0, MemberReason::NodeDown}}});
    EXPECT_EQ(presenceOfA(), Presence::Fenced);
    EXPECT_EQ(fencesThroughBoard(gone), 0);
    EXPECT_EQ(fencesThroughBoard(b.onMessage(2, report("b", 2, false))), 0);
}

class OlderBoardTest : public BoardArbiterTest {
protected:
    OlderBoardTest() { withAgent = true; }
};

// NAK unknown-type: the request the board will never grant is dropped and
// the agent (on the fencer) takes the node on.
TEST_F(OlderBoardTest, CannotFenceHandsTheLostNodeToTheAgent)
{
    bus.isolate("a");
    ASSERT_EQ(actionsOf<FenceThroughBoard>(b()).size(), 1u);
    EXPECT_TRUE(actionsOf<FenceNode>(b()).empty());
    bus.local("b", [](PairArbiter& p) { return p.onBoardAbility(false, "NAK unknown-type"); });
    EXPECT_FALSE(viewOf(b(), 2).boardCanFence);
    ASSERT_EQ(actionsOf<FenceNode>(b()).size(), 1u);
    EXPECT_EQ(actionsOf<FenceNode>(b())[0].nodeName, "a");
}

} // namespace
} // namespace pgmd::cluster::test
