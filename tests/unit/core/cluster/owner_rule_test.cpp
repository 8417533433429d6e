// The per-group rule on its own, over hand-made tables of node facts.

#include "core/cluster/owner_rule.hpp"

#include <gtest/gtest.h>

namespace pgmd::cluster {
namespace {

HalfReport standby() { return HalfReport{"db", 1, GroupState::Standby, false, false, true, 1}; }
HalfReport active() { return HalfReport{"db", 1, GroupState::Active, false, true, false, 1}; }
HalfReport unavailable() { return HalfReport{"db", 1, GroupState::Unavailable, true, false, false, 1}; }

NodeFacts node(const std::string& name, Presence presence, std::optional<HalfReport> half)
{
    return NodeFacts{name, static_cast<NodeId>(name[0]), presence, true, std::move(half)};
}

GroupFacts pair(NodeFacts first, NodeFacts second, std::vector<std::string> owners)
{
    GroupFacts f;
    f.nodes = {std::move(first), std::move(second)};
    f.record = OwnerRecord{"db", 5, std::move(owners), "", std::nullopt};
    return f;
}

TEST(OwnerRule, FillsWithTheFirstReadyNodeInNodesOrder)
{
    RuleOutcome r = applyOwnerRule(pair(node("b", Presence::Present, standby()),
                                        node("a", Presence::Present, standby()), {}));
    EXPECT_EQ(r.record.owners, std::vector<std::string>{"b"});
    EXPECT_EQ(r.record.epoch, 6u);
}

TEST(OwnerRule, AnAbsentOrLostNodesLastClaimBlocksTheFill)
{
    for (Presence p : {Presence::Absent, Presence::Lost}) {
        RuleOutcome r = applyOwnerRule(pair(node("a", p, active()), node("b", Presence::Present, standby()), {"a"}));
        EXPECT_EQ(r.record.owners, std::vector<std::string>{"a"}) << toString(p);
        EXPECT_EQ(r.record.epoch, 5u);
    }
}

TEST(OwnerRule, AFencedOwnerIsReplaced)
{
    RuleOutcome r = applyOwnerRule(pair(node("a", Presence::Fenced, std::nullopt),
                                        node("b", Presence::Present, standby()), {"a"}));
    EXPECT_EQ(r.record.owners, std::vector<std::string>{"b"});
    ASSERT_EQ(r.removed.size(), 1u);
    EXPECT_EQ(r.removed[0].reason, "node a lost, fenced");
}

TEST(OwnerRule, AnOwnerThatHasNotClaimedYetCountsAgainstTheLimit)
{
    GroupFacts f = pair(node("a", Presence::Present, standby()), node("b", Presence::Present, standby()), {"a"});
    EXPECT_EQ(applyOwnerRule(f).record.owners, std::vector<std::string>{"a"});
}

TEST(OwnerRule, AFailedOwnerThatStillClaimsLeavesButBlocksItsReplacement)
{
    HalfReport failing = active();
    failing.held = true;
    RuleOutcome r = applyOwnerRule(pair(node("a", Presence::Present, failing),
                                        node("b", Presence::Present, standby()), {"a"}));
    EXPECT_TRUE(r.record.owners.empty());
    EXPECT_TRUE(r.added.empty());
}

// After a heal both halves claim; the merged record names b (the side that
// fenced a, by an agent that said off while a stayed up): b, the half the
// record names, keeps the claim, and a, though listed first, is told standby.
TEST(OwnerRule, TooManyClaimantsKeepTheOwnerOfRecord)
{
    RuleOutcome r = applyOwnerRule(pair(node("a", Presence::Present, active()),
                                        node("b", Presence::Present, active()), {"b"}));
    EXPECT_EQ(r.record.owners, std::vector<std::string>{"b"});
    EXPECT_EQ(r.record.epoch, 5u);
    EXPECT_TRUE(r.removed.empty());
    ASSERT_EQ(r.toldStandby.size(), 1u);
    EXPECT_EQ(r.toldStandby[0].node, "a");
    EXPECT_EQ(r.toldStandby[0].reason, "more than 1 active; kept on b");
}

// No claimant is named by the record: Nodes= order decides, as for a fill.
TEST(OwnerRule, TooManyClaimantsNoneOfRecordKeepTheFirstInNodesOrder)
{
    RuleOutcome r = applyOwnerRule(pair(node("a", Presence::Present, active()),
                                        node("b", Presence::Present, active()), {}));
    EXPECT_EQ(r.record.owners, std::vector<std::string>{"a"});
    ASSERT_EQ(r.toldStandby.size(), 1u);
    EXPECT_EQ(r.toldStandby[0].node, "b");
}

TEST(OwnerRule, AnUnavailableStandbyIsNoCandidate)
{
    RuleOutcome r = applyOwnerRule(pair(node("a", Presence::Present, unavailable()),
                                        node("b", Presence::Present, unavailable()), {}));
    EXPECT_TRUE(r.record.owners.empty());
    EXPECT_EQ(r.record.epoch, 5u);
}

TEST(OwnerRule, ANodeNotQuorateIsNoCandidate)
{
    GroupFacts f = pair(node("a", Presence::Present, standby()), node("b", Presence::Present, standby()), {});
    f.nodes[0].quorate = false;
    EXPECT_EQ(applyOwnerRule(f).record.owners, std::vector<std::string>{"b"});
}

// A switch-over from a (still active) to `to`, with b and c as they are given.
GroupFacts handingOver(const std::string& to, NodeFacts b, NodeFacts c, Presence aPresence = Presence::Present)
{
    GroupFacts f;
    f.nodes = {node("a", aPresence, active()), std::move(b), std::move(c)};
    f.record = OwnerRecord{"db", 5, {"a"}, "", Handover{"a", to, "a"}};
    return f;
}

TEST(OwnerRule, ASwitchoverThatCanStillCompleteWaitsForItsOwner)
{
    RuleOutcome r = applyOwnerRule(handingOver("b", node("b", Presence::Present, standby()),
                                               node("c", Presence::Present, standby())));
    EXPECT_EQ(r.record.owners, std::vector<std::string>{"a"});
    EXPECT_TRUE(r.record.handover.has_value());
    EXPECT_EQ(r.abandoned, "");
}

TEST(OwnerRule, ASwitchoverWhoseNamedTargetIsNoLongerReadyIsAbandoned)
{
    for (Presence p : {Presence::Present, Presence::Absent, Presence::Lost}) {
        RuleOutcome r = applyOwnerRule(handingOver("b", node("b", p, unavailable()),
                                                   node("c", Presence::Present, standby())));
        EXPECT_EQ(r.record.owners, std::vector<std::string>{"a"}) << toString(p);
        EXPECT_FALSE(r.record.handover.has_value()) << toString(p);
        EXPECT_EQ(r.record.epoch, 6u);
        EXPECT_EQ(r.abandoned, "b's half is no longer a ready standby");
    }
}

TEST(OwnerRule, ASwitchoverToAnyStandbyIsAbandonedOnlyWhenNoneIsReady)
{
    GroupFacts f = handingOver("", node("b", Presence::Lost, standby()), node("c", Presence::Present, standby()));
    EXPECT_TRUE(applyOwnerRule(f).record.handover.has_value());
    f.nodes[2].half = unavailable();
    RuleOutcome r = applyOwnerRule(f);
    EXPECT_FALSE(r.record.handover.has_value());
    EXPECT_EQ(r.abandoned, "no other half is a ready standby");
}

TEST(OwnerRule, ASwitchoverWhoseOwnerLeftIsAbandonedAndItsClaimStillCounts)
{
    RuleOutcome r = applyOwnerRule(handingOver("b", node("b", Presence::Present, standby()),
                                               node("c", Presence::Present, standby()), Presence::Lost));
    EXPECT_EQ(r.record.owners, std::vector<std::string>{"a"});
    EXPECT_FALSE(r.record.handover.has_value());
    EXPECT_EQ(r.abandoned, "a is no longer present");
}

TEST(OwnerRule, AtAColdStartANodeListedEarlierThatIsStillStartingIsWaitedFor)
{
    HalfReport starting = standby();
    starting.state = GroupState::Init;
    starting.ready = false;
    GroupFacts f = pair(node("a", Presence::Present, starting), node("b", Presence::Present, standby()), {});
    f.record.epoch = 0;
    EXPECT_TRUE(applyOwnerRule(f).record.owners.empty());
    f.nodes[0].half = standby();
    EXPECT_EQ(applyOwnerRule(f).record.owners, std::vector<std::string>{"a"});
    f.nodes[0].half = unavailable();  // its activation timed out: no longer waited for
    EXPECT_EQ(applyOwnerRule(f).record.owners, std::vector<std::string>{"b"});
}

TEST(OwnerRule, OnceAnOwnerWasRecordedNobodyStartingIsWaitedFor)
{
    HalfReport starting = standby();
    starting.state = GroupState::Init;
    starting.ready = false;
    GroupFacts f = pair(node("a", Presence::Present, starting), node("b", Presence::Present, standby()), {});
    EXPECT_EQ(applyOwnerRule(f).record.owners, std::vector<std::string>{"b"});
}

TEST(OwnerRecords, TheHigherEpochWinsAndEqualEpochsBreakTheTieTheSameWayEverywhere)
{
    OwnerRecord older{"db", 3, {"a"}, "", std::nullopt};
    OwnerRecord newer{"db", 4, {"b"}, "", std::nullopt};
    EXPECT_TRUE(supersedes(newer, older));
    EXPECT_FALSE(supersedes(older, newer));
    OwnerRecord onA{"db", 4, {"a"}, "", std::nullopt};
    EXPECT_TRUE(supersedes(onA, newer));
    EXPECT_FALSE(supersedes(newer, onA));
    EXPECT_FALSE(supersedes(onA, onA));
}

} // namespace
} // namespace pgmd::cluster
