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

TEST(OwnerRule, TooManyClaimantsKeepTheBest)
{
    RuleOutcome r = applyOwnerRule(pair(node("a", Presence::Present, active()),
                                        node("b", Presence::Present, active()), {"b"}));
    EXPECT_EQ(r.record.owners, std::vector<std::string>{"a"});
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
