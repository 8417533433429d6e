// The diagnosis of a lost peer or a broken link, one verdict at a time: each
// test builds the evidence a real fault would give (2 or 3 nodes, two links)
// and checks the verdict, the link it names, and the link events.

#include "core/cluster/peer_diagnosis.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pgmd::cluster::test {
namespace {

constexpr NodeId A = 1, B = 2, C = 3;  // A is this node

MembershipChange members(std::vector<NodeId> ids, std::vector<MemberEvent> left = {})
{
    MembershipChange c;
    c.members = std::move(ids);
    c.left = std::move(left);
    return c;
}

// Links 0 and 1 to every peer, `down` lists the (peer, link) pairs that are down.
std::vector<LinkState> links(std::vector<NodeId> peers, std::vector<std::pair<NodeId, unsigned>> down = {})
{
    std::vector<LinkState> out;
    for (NodeId p : peers)
        for (unsigned l : {0u, 1u}) {
            const bool isDown = std::find(down.begin(), down.end(), std::pair{p, l}) != down.end();
            out.push_back({p, l, true, !isDown});
        }
    return out;
}

struct Rig {
    PeerDiagnosis d;
    explicit Rig(std::vector<NodeId> nodes)
    {
        d.onNodes(A, nodes);
        d.onMembership(members(nodes));
        std::vector<NodeId> peers;
        for (NodeId n : nodes)
            if (n != A)
                peers.push_back(n);
        d.onLinks(links(peers));
        d.onCarrier(0, Carrier::Up);
        d.onCarrier(1, Carrier::Up);
    }
};

template <typename T>
std::vector<T> only(const DiagnosisEvents& events)
{
    std::vector<T> out;
    for (const DiagnosisEvent& e : events)
        if (const T* t = std::get_if<T>(&e))
            out.push_back(*t);
    return out;
}

TEST(PeerDiagnosis, HealthyWhenInTheGroupWithEveryLinkUp)
{
    Rig r({A, B});
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Healthy);
    EXPECT_FALSE(r.d.verdictOf(B).lost);
    EXPECT_EQ(r.d.nodeCount(), 2u);
}

TEST(PeerDiagnosis, PeerPgmdDownWhenItsProcessLeftAndLinksStayUp)
{
    Rig r({A, B});
    auto events = r.d.onMembership(members({A}, {{B, 7, MemberReason::ProcessDown}}));
    const PeerVerdict v = r.d.verdictOf(B);
    EXPECT_EQ(v.verdict, Verdict::PeerPgmdDown);
    EXPECT_TRUE(v.lost);
    EXPECT_NE(v.evidence.find("process down"), std::string::npos) << v.evidence;
    ASSERT_EQ(only<VerdictChanged>(events).size(), 1u);
    EXPECT_EQ(only<VerdictChanged>(events)[0].previous, Verdict::Healthy);
    // It comes back: healthy again.
    r.d.onMembership(members({A, B}));
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Healthy);
}

TEST(PeerDiagnosis, NeverSeenPeerIsNotLost)
{
    PeerDiagnosis d;
    d.onNodes(A, {A, B});
    d.onMembership(members({A}));
    d.onLinks(links({B}));
    EXPECT_EQ(d.verdictOf(B).verdict, Verdict::PeerPgmdDown);
    EXPECT_FALSE(d.verdictOf(B).lost);
}

TEST(PeerDiagnosis, PeerHostDownWhenEveryLinkIsDownAndTheBoardHearsNothing)
{
    Rig r({A, B});
    r.d.onBoardPeer(B, BoardPeerView::Alive);
    r.d.onLinks(links({B}, {{B, 0}, {B, 1}}));
    r.d.onBoardPeer(B, BoardPeerView::Silent);
    r.d.onMembership(members({A}, {{B, 7, MemberReason::NodeDown}}));
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::PeerHostDown);
    EXPECT_TRUE(r.d.verdictOf(B).lost);
}

TEST(PeerDiagnosis, TheBoardsConfirmedOffIsPeerHostDownWhateverTheLinksSay)
{
    Rig r({A, B});
    r.d.onBoardPeer(B, BoardPeerView::Off);
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::PeerHostDown);
    EXPECT_NE(r.d.verdictOf(B).evidence.find("power off"), std::string::npos);
    r.d.onBoardPeer(B, BoardPeerView::Fencing);
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::PeerHostDown);
}

TEST(PeerDiagnosis, PartitionWhenEveryLinkIsDownButTheBoardHearsTheHeartbeat)
{
    Rig r({A, B});
    r.d.onLinks(links({B}, {{B, 0}, {B, 1}}));
    r.d.onBoardPeer(B, BoardPeerView::Alive);  // the answer to the question
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Partition);
    EXPECT_TRUE(r.d.verdictOf(B).lost);
    EXPECT_NE(r.d.verdictOf(B).evidence.find("board: alive"), std::string::npos) << r.d.verdictOf(B).evidence;
}

// ---- when to ask the board (AskBoard) ----------------------------------------------

TEST(PeerDiagnosis, AsksTheBoardWhenEveryLinkToAPeerGoesDown)
{
    Rig r({A, B, C});
    EXPECT_TRUE(only<AskBoard>(r.d.onLinks(links({B, C}, {{B, 0}}))).empty());  // one link: no question
    auto events = r.d.onLinks(links({B, C}, {{B, 0}, {B, 1}}));
    EXPECT_EQ(only<AskBoard>(events), std::vector<AskBoard>{AskBoard{B}});
    // The question comes after the verdict that lacks the answer.
    EXPECT_TRUE(std::holds_alternative<AskBoard>(events.back()));
    // Nothing new: no second question.
    EXPECT_TRUE(only<AskBoard>(r.d.onLinks(links({B, C}, {{B, 0}, {B, 1}}))).empty());
    EXPECT_TRUE(only<AskBoard>(r.d.onCarrier(0, Carrier::Up)).empty());
}

TEST(PeerDiagnosis, AsksAgainWhenTheNodeLeavesTheMembershipAndKeepsTheAnswerMeanwhile)
{
    Rig r({A, B});
    r.d.onLinks(links({B}, {{B, 0}, {B, 1}}));
    r.d.onBoardPeer(B, BoardPeerView::Alive);
    auto events = r.d.onMembership(members({A}, {{B, 7, MemberReason::NodeDown}}));
    EXPECT_EQ(only<AskBoard>(events), std::vector<AskBoard>{AskBoard{B}});
    // Until the new answer the last one stands: no verdict flaps.
    EXPECT_TRUE(only<VerdictChanged>(events).empty());
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Partition);
    // The new answer changes it.
    events = r.d.onBoardPeer(B, BoardPeerView::Silent);
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::PeerHostDown);
    EXPECT_TRUE(only<AskBoard>(events).empty());  // an answer is no reason to ask
}

TEST(PeerDiagnosis, AsksWhenTheNodeLeavesTheMembershipWithLinksStillReportedUp)
{
    Rig r({A, B});
    auto events = r.d.onMembership(members({A}, {{B, 7, MemberReason::NodeDown}}));
    EXPECT_EQ(only<AskBoard>(events), std::vector<AskBoard>{AskBoard{B}});
}

TEST(PeerDiagnosis, APeerPgmdDownIsNoQuestionForTheBoard)
{
    Rig r({A, B});
    EXPECT_TRUE(only<AskBoard>(r.d.onMembership(members({A}, {{B, 7, MemberReason::ProcessDown}}))).empty());
}

TEST(PeerDiagnosis, NoQuestionWhileTheBoardSwitchesThePeerOffOrHas)
{
    Rig r({A, B});
    r.d.onBoardPeer(B, BoardPeerView::Fencing);
    EXPECT_TRUE(only<AskBoard>(r.d.onLinks(links({B}, {{B, 0}, {B, 1}}))).empty());
    r.d.onBoardPeer(B, BoardPeerView::Off);
    EXPECT_TRUE(only<AskBoard>(r.d.onMembership(members({A}, {{B, 7, MemberReason::NodeDown}}))).empty());
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::PeerHostDown);
}

TEST(PeerDiagnosis, TheHeartbeatHeardInAnOutageIsForgottenOnceThePeerIsReachable)
{
    Rig r({A, B});
    r.d.onLinks(links({B}, {{B, 0}, {B, 1}}));
    r.d.onBoardPeer(B, BoardPeerView::Alive);
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Partition);
    // Healed: the "alive" of the cut is forgotten, and an answer that comes
    // late is no evidence either; cut again: asked again.
    EXPECT_TRUE(only<AskBoard>(r.d.onLinks(links({B}))).empty());
    EXPECT_EQ(r.d.peers()[0].board, BoardPeerView::Unknown);
    r.d.onBoardPeer(B, BoardPeerView::Alive);
    EXPECT_EQ(r.d.peers()[0].board, BoardPeerView::Unknown);
    auto events = r.d.onLinks(links({B}, {{B, 0}, {B, 1}}));
    EXPECT_EQ(only<AskBoard>(events), std::vector<AskBoard>{AskBoard{B}});
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Unreachable);
    EXPECT_EQ(r.d.peers()[0].board, BoardPeerView::Unknown);
    r.d.onBoardPeer(B, BoardPeerView::Silent);
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::PeerHostDown);
}

TEST(PeerDiagnosis, UnreachableWhenNothingTellsHostFromNetwork)
{
    Rig r({A, B});
    r.d.onLinks(links({B}, {{B, 0}, {B, 1}}));
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Unreachable);
}

TEST(PeerDiagnosis, OneLinkDownWithTheSecondHealthyIsDegradedRedundancyAndNothingLost)
{
    Rig r({A, B});
    auto events = r.d.onLinks(links({B}, {{B, 0}}));
    const PeerVerdict v = r.d.verdictOf(B);
    EXPECT_EQ(v.verdict, Verdict::LinkDown);  // two nodes, carrier up: switch or peer NIC
    EXPECT_EQ(v.link, 0u);
    EXPECT_TRUE(v.degraded);
    EXPECT_FALSE(v.lost);
    EXPECT_NE(v.evidence.find("degraded redundancy, nothing taken over"), std::string::npos) << v.evidence;
    EXPECT_EQ(only<LinkWentDown>(events), (std::vector<LinkWentDown>{{B, 0, LinkCause::Unknown}}));
    // Restored: LinkUp and healthy.
    events = r.d.onLinks(links({B}));
    EXPECT_EQ(only<LinkCameUp>(events), (std::vector<LinkCameUp>{{B, 0}}));
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Healthy);
}

TEST(PeerDiagnosis, LocalNicWhenTheCarrierHereIsDown)
{
    Rig r({A, B});
    r.d.onCarrier(1, Carrier::Down);
    auto events = r.d.onLinks(links({B}, {{B, 1}}));
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::LocalNic);
    EXPECT_EQ(r.d.verdictOf(B).link, 1u);
    EXPECT_EQ(only<LinkWentDown>(events), (std::vector<LinkWentDown>{{B, 1, LinkCause::LocalNic}}));
}

// Three nodes: the same "link 0 down to B" has three different causes.
TEST(PeerDiagnosis, ThreeNodesTellPeerNicFromLocalNicFromSwitch)
{
    {
        // B's NIC on link 0: link 0 still reaches C.
        Rig r({A, B, C});
        r.d.onLinks(links({B, C}, {{B, 0}}));
        EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::PeerNic);
        EXPECT_EQ(r.d.verdictOf(B).link, 0u);
        EXPECT_FALSE(r.d.verdictOf(B).lost);
        EXPECT_EQ(r.d.verdictOf(C).verdict, Verdict::Healthy);
    }
    {
        // This node's NIC on link 0: no carrier, down to both.
        Rig r({A, B, C});
        r.d.onCarrier(0, Carrier::Down);
        r.d.onLinks(links({B, C}, {{B, 0}, {C, 0}}));
        EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::LocalNic);
        EXPECT_EQ(r.d.verdictOf(C).verdict, Verdict::LocalNic);
    }
    {
        // The switch of link 0: down to both, carrier up.
        Rig r({A, B, C});
        r.d.onLinks(links({B, C}, {{B, 0}, {C, 0}}));
        EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Switch);
        EXPECT_EQ(r.d.verdictOf(C).verdict, Verdict::Switch);
        EXPECT_TRUE(r.d.verdictOf(B).degraded);
    }
    {
        // Down to both with the carrier not known: no verdict beyond "link down".
        PeerDiagnosis d;
        d.onNodes(A, {A, B, C});
        d.onMembership(members({A, B, C}));
        d.onLinks(links({B, C}, {{B, 0}, {C, 0}}));
        EXPECT_EQ(d.verdictOf(B).verdict, Verdict::LinkDown);
    }
}

TEST(PeerDiagnosis, ACauseChangesOnNewEvidenceOnly)
{
    Rig r({A, B, C});
    // The switch goes: knet notices B first.
    auto events = r.d.onLinks(links({B, C}, {{B, 0}}));
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::PeerNic);
    events = r.d.onLinks(links({B, C}, {{B, 0}, {C, 0}}));
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Switch);
    EXPECT_EQ(only<LinkWentDown>(events),
              (std::vector<LinkWentDown>{{B, 0, LinkCause::Switch}, {C, 0, LinkCause::Switch}}));
    // The same evidence again changes nothing.
    events = r.d.onLinks(links({B, C}, {{B, 0}, {C, 0}}));
    EXPECT_TRUE(events.empty());
    events = r.d.onCarrier(0, Carrier::Up);
    EXPECT_TRUE(events.empty());
}

TEST(PeerDiagnosis, EveryLinkToOnePeerDownWhileOthersAnswerIsItsHost)
{
    Rig r({A, B, C});
    r.d.onLinks(links({B, C}, {{B, 0}, {B, 1}}));
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::PeerHostDown);
    EXPECT_TRUE(r.d.verdictOf(B).lost);
    EXPECT_EQ(r.d.verdictOf(C).verdict, Verdict::Healthy);
}

TEST(PeerDiagnosis, EveryLocalCarrierDownIsLocalNicOnEveryPeer)
{
    Rig r({A, B, C});
    r.d.onCarrier(0, Carrier::Down);
    r.d.onCarrier(1, Carrier::Down);
    r.d.onLinks(links({B, C}, {{B, 0}, {B, 1}, {C, 0}, {C, 1}}));
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::LocalNic);
    EXPECT_TRUE(r.d.verdictOf(B).lost);
    EXPECT_EQ(r.d.verdictOf(C).verdict, Verdict::LocalNic);
}

TEST(PeerDiagnosis, EverySwitchDownIsSwitch)
{
    Rig r({A, B, C});
    r.d.onLinks(links({B, C}, {{B, 0}, {B, 1}, {C, 0}, {C, 1}}));
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Switch);
    EXPECT_TRUE(r.d.verdictOf(B).lost);
}

TEST(PeerDiagnosis, DisabledLinksAndSelfAreIgnored)
{
    Rig r({A, B});
    auto events = r.d.onLinks({{B, 3, false, false}, {A, 0, true, false}});
    EXPECT_TRUE(events.empty());
    EXPECT_EQ(r.d.verdictOf(B).verdict, Verdict::Healthy);
    EXPECT_TRUE(r.d.onBoardPeer(A, BoardPeerView::Off).empty());
}

TEST(PeerDiagnosis, ViewShowsLinksAndCauses)
{
    Rig r({A, B, C});
    r.d.onLinks(links({B, C}, {{B, 1}}));
    const auto peers = r.d.peers();
    ASSERT_EQ(peers.size(), 2u);
    EXPECT_EQ(peers[0].node, B);
    ASSERT_EQ(peers[0].links.size(), 2u);
    EXPECT_TRUE(peers[0].links[0].connected);
    EXPECT_FALSE(peers[0].links[1].connected);
    EXPECT_EQ(peers[0].links[1].cause, LinkCause::PeerNic);
    EXPECT_EQ(peers[0].verdict.verdict, Verdict::PeerNic);
}

TEST(PeerDiagnosis, NamesRoundTrip)
{
    for (BoardPeerView v : {BoardPeerView::Unknown, BoardPeerView::Alive, BoardPeerView::Silent,
                            BoardPeerView::Fencing, BoardPeerView::Off})
        EXPECT_EQ(boardPeerViewFrom(toString(v)), v);
    EXPECT_FALSE(boardPeerViewFrom("dead").has_value());
    EXPECT_STREQ(toString(Verdict::PeerPgmdDown), "peer-pgmd-down");
}

} // namespace
} // namespace pgmd::cluster::test
