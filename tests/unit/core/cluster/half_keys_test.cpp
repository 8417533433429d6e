// Births and deaths of active halves cluster-wide: HalfKeys on hand-made
// pictures, then beside real arbiters on the agreed-order bus, where every
// node must announce the same sequence.

#include "cluster_bus.hpp"

#include "core/cluster/half_keys.hpp"

#include <gtest/gtest.h>

namespace pgmd::cluster {
inline void PrintTo(const HalfEvent& e, std::ostream* os)
{
    if (const auto* b = std::get_if<HalfBorn>(&e))
        *os << "born " << b->key.group << "@" << b->key.node << "#" << b->key.incarnation;
    else {
        const auto& d = std::get<HalfDied>(e);
        *os << "died " << d.key.group << "@" << d.key.node << "#" << d.key.incarnation << " (" << d.reason << ")";
    }
}
} // namespace pgmd::cluster

namespace pgmd::cluster::test {
namespace {

using namespace std::chrono_literals;

HalfReport half(GroupState state, std::uint64_t incarnation, bool held = false)
{
    HalfReport h;
    h.group = "db";
    h.state = state;
    h.incarnation = incarnation;
    h.held = held;
    return h;
}

PairView pairOf(std::vector<std::pair<std::string, HalfReport>> halves)
{
    PairView p;
    p.group = "db";
    p.redundancy = Redundancy::HotStandby;
    p.halves = std::move(halves);
    return p;
}

HalfEvent born(const std::string& node, std::uint64_t incarnation, const std::string& group = "db")
{
    return HalfBorn{{group, node, incarnation}};
}

HalfEvent died(const std::string& node, std::uint64_t incarnation, const std::string& reason,
               const std::string& group = "db")
{
    return HalfDied{{group, node, incarnation}, reason};
}

using Events = std::vector<HalfEvent>;

TEST(HalfKeys, TheActiveHalvesFirstLearnedOfAreBornAndStandbysHaveNoKey)
{
    HalfKeys keys;
    EXPECT_EQ(keys.update({pairOf({{"a", half(GroupState::Active, 3)}, {"b", half(GroupState::Standby, 1)}})}, {}),
              Events({born("a", 3)}));
    EXPECT_EQ(keys.active("db"), std::vector<HalfKey>({{"db", "a", 3}}));
    // Nothing changed: nothing to say.
    EXPECT_EQ(keys.update({pairOf({{"a", half(GroupState::Active, 3)}, {"b", half(GroupState::Standby, 1)}})}, {}),
              Events{});
}

TEST(HalfKeys, AFailedHalfDiesWithItsStateAndTheMateIsBornWhenItReportsActive)
{
    HalfKeys keys;
    keys.update({pairOf({{"a", half(GroupState::Active, 3)}, {"b", half(GroupState::Standby, 1)}})}, {});
    EXPECT_EQ(keys.update({pairOf({{"a", half(GroupState::Unavailable, 3, true)},
                                   {"b", half(GroupState::Standby, 1)}})},
                          {}),
              Events({died("a", 3, "a's half is unavailable and held")}));
    EXPECT_TRUE(keys.active("db").empty());
    EXPECT_EQ(keys.update({pairOf({{"a", half(GroupState::Unavailable, 3, true)},
                                   {"b", half(GroupState::Active, 1)}})},
                          {}),
              Events({born("b", 1)}));
}

TEST(HalfKeys, ANewIncarnationOfTheActiveHalfIsADeathThenABirth)
{
    HalfKeys keys;
    keys.update({pairOf({{"a", half(GroupState::Active, 3)}})}, {});
    EXPECT_EQ(keys.update({pairOf({{"a", half(GroupState::Active, 4)}})}, {}),
              Events({died("a", 3, "a's half started again as incarnation 4"), born("a", 4)}));
}

TEST(HalfKeys, InOneUpdateEveryDeathComesBeforeAnyBirth)
{
    HalfKeys keys;
    PairView other = pairOf({{"a", half(GroupState::Active, 7)}});
    other.group = "aa";  // sorts before db: its birth must still come after db's death
    keys.update({pairOf({{"b", half(GroupState::Active, 2)}})}, {});
    EXPECT_EQ(keys.update({other, pairOf({{"b", half(GroupState::Standby, 2)}})}, {}),
              Events({died("b", 2, "b's half is standby"), born("a", 7, "aa")}));
}

TEST(HalfKeys, ALostNodeKeepsItsKeyUntilItIsFenced)
{
    HalfKeys keys;
    keys.update({pairOf({{"a", half(GroupState::Active, 3)}})}, {});
    // Lost: the arbiter keeps its last report, the half may still run.
    EXPECT_EQ(keys.update({pairOf({{"a", half(GroupState::Active, 3)}})}, {NodeView{1, "a", Presence::Lost}}),
              Events{});
    // Fenced: the arbiter drops its halves.
    EXPECT_EQ(keys.update({pairOf({})}, {NodeView{1, "a", Presence::Fenced}}),
              Events({died("a", 3, "a was fenced (confirmed off)")}));
}

TEST(HalfKeys, AHalfWhoseNodeNoLongerHasTheGroupDies)
{
    HalfKeys keys;
    keys.update({pairOf({{"a", half(GroupState::Active, 3)}})}, {});
    EXPECT_EQ(keys.update({pairOf({})}, {NodeView{1, "a", Presence::Present}}),
              Events({died("a", 3, "a no longer reports the group")}));
}

TEST(HalfKeys, APairThisNodeNoLongerHasIsForgottenWithoutAWord)
{
    HalfKeys keys;
    keys.update({pairOf({{"a", half(GroupState::Active, 3)}})}, {});
    EXPECT_EQ(keys.update({}, {}), Events{});
    EXPECT_TRUE(keys.active("db").empty());
    // Back again: learned afresh.
    EXPECT_EQ(keys.update({pairOf({{"a", half(GroupState::Active, 3)}})}, {}), Events({born("a", 3)}));
}

TEST(HalfKeys, LeadActiveAnnouncesEveryActiveHalf)
{
    HalfKeys keys;
    PairView p = pairOf({{"a", half(GroupState::Active, 1)}, {"b", half(GroupState::Active, 5)}});
    p.redundancy = Redundancy::LeadActive;
    EXPECT_EQ(keys.update({p}, {}), Events({born("a", 1), born("b", 5)}));
}

// ---- beside the arbiters ----------------------------------------------------------

class HalfKeysOnTheBus : public ::testing::Test {
protected:
    void hotPair(const std::vector<std::string>& fencers = {})
    {
        NodeId id = 1;
        for (const char* name : {"a", "b"}) {
            const bool canFence = std::find(fencers.begin(), fencers.end(), name) != fencers.end();
            bus.add(name, id++, makeNodeConfig(name, {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})},
                                               canFence));
        }
        bus.startTogether({"a", "b"});
    }
    std::uint64_t incarnation(const std::string& node) { return bus.node(node).host.group("db").incarnation; }
    // The events of `node` since `from`.
    Events since(const std::string& node, std::size_t from)
    {
        const Events& all = bus.node(node).halfEvents;
        return {all.begin() + static_cast<std::ptrdiff_t>(std::min(from, all.size())), all.end()};
    }

    pgm::ManualClock clock;
    ClusterBus bus{clock};
};

TEST_F(HalfKeysOnTheBus, EveryNodeAnnouncesTheSameBirthWhenThePairComesUp)
{
    hotPair();
    ASSERT_EQ(bus.node("a").state("db"), GroupState::Active);
    const Events want{born("a", incarnation("a"))};
    EXPECT_EQ(bus.node("a").halfEvents, want);
    EXPECT_EQ(bus.node("b").halfEvents, want);
}

TEST_F(HalfKeysOnTheBus, AFailoverIsTheDeathOnTheFailedNodeThenTheBirthOnTheMateEverywhere)
{
    hotPair();
    const std::size_t mark = bus.node("a").halfEvents.size();
    const std::uint64_t onA = incarnation("a");
    bus.run("a", bus.node("a").host.engine->reportFault("db", Recovery::OutOfService, "", "disk gone"));
    ASSERT_EQ(bus.node("b").state("db"), GroupState::Active);
    const Events want{died("a", onA, "a's half is unavailable and held"), born("b", incarnation("b"))};
    EXPECT_EQ(since("a", mark), want);
    EXPECT_EQ(since("b", mark), want);
}

TEST_F(HalfKeysOnTheBus, ASwitchoverIsTheDeathOfTheOldActiveThenTheBirthOfTheNew)
{
    hotPair();
    const std::size_t mark = bus.node("a").halfEvents.size();
    const std::uint64_t onA = incarnation("a");
    ASSERT_EQ(bus.switchover("b", "db").refusal, "");
    ASSERT_EQ(bus.node("b").state("db"), GroupState::Active);
    const Events want{died("a", onA, "a's half is standby"), born("b", incarnation("b"))};
    EXPECT_EQ(since("a", mark), want);
    EXPECT_EQ(since("b", mark), want);
}

TEST_F(HalfKeysOnTheBus, ALostNodesHalfDiesOnlyWhenTheFenceOutcomeIsDelivered)
{
    hotPair({"b"});
    const std::size_t mark = bus.node("b").halfEvents.size();
    const std::uint64_t onA = incarnation("a");
    bus.isolate("a");
    bus.advance(30s);
    EXPECT_EQ(since("b", mark), Events{});  // a may still run its half
    bus.fenceDone("b", "a", true);
    ASSERT_EQ(bus.node("b").state("db"), GroupState::Active);
    EXPECT_EQ(since("b", mark), Events({died("a", onA, "a was fenced (confirmed off)"), born("b", incarnation("b"))}));
}

TEST_F(HalfKeysOnTheBus, ANodeWhosePgmdJoinsLaterLearnsTheActiveHalfAsBorn)
{
    NodeId id = 1;
    for (const char* name : {"a", "b"})
        bus.add(name, id++, makeNodeConfig(name, {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})},
                                           false));
    bus.start("a");
    ASSERT_EQ(bus.node("a").state("db"), GroupState::Active);
    bus.start("b");
    EXPECT_EQ(bus.node("b").halfEvents, Events({born("a", incarnation("a"))}));
    EXPECT_EQ(bus.node("a").halfEvents, Events({born("a", incarnation("a"))}));  // nothing new on a
}

} // namespace
} // namespace pgmd::cluster::test
