// The engine's side of the cluster: clustered groups wait standby for the
// arbiter, follow setRunTarget, and are read back by reportHalves.

#include "cluster_bus.hpp"

#include <gtest/gtest.h>

namespace pgmd::cluster::test {
namespace {

using pgmd::test::Harness;

Config clusterConfig(StandbyKind standby, Handshake handshake = Handshake::None)
{
    GroupSpec g = makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"}, 1, standby);
    g.handshake = handshake;
    return makeNodeConfig("a", {g}, false);
}

HalfReport half(const Harness& h)
{
    std::vector<HalfReport> halves = reportHalves(*h.engine);
    EXPECT_EQ(halves.size(), 1u);
    return halves.at(0);
}

TEST(EngineCluster, AClusteredGroupStartsStandbyEvenOnTheFirstNode)
{
    Harness h(clusterConfig(StandbyKind::Hot));
    h.boot();
    EXPECT_EQ(h.state("db"), GroupState::Standby);
    EXPECT_TRUE(h.running.count("db.service"));
    const HalfReport r = half(h);
    EXPECT_FALSE(r.claims);
    EXPECT_TRUE(r.ready);
    EXPECT_EQ(r.definition, definitionDigest(h.config.groups[0]));
}

TEST(EngineCluster, WithoutAClusterSectionThePrimaryStartsActiveAsBefore)
{
    Config c = clusterConfig(StandbyKind::Hot);
    c.cluster.reset();
    Harness h(std::move(c));
    h.boot();
    EXPECT_EQ(h.state("db"), GroupState::Active);
}

TEST(EngineCluster, AHotHalfFollowsItsRunTarget)
{
    Harness h(clusterConfig(StandbyKind::Hot));
    h.boot();
    h.process(h.engine->setRunTarget("db", GroupState::Active, "owner of the pair"));
    EXPECT_EQ(h.state("db"), GroupState::Active);
    EXPECT_TRUE(half(h).claims);
    h.process(h.engine->setRunTarget("db", GroupState::Standby, "switch-over"));
    EXPECT_EQ(h.state("db"), GroupState::Standby);
    EXPECT_TRUE(h.running.count("db.service"));  // a hot standby keeps running
    EXPECT_TRUE(h.engine->setRunTarget("nosuch", GroupState::Active, "").empty());
}

TEST(EngineCluster, AColdHalfStartsItsMembersWhenMadeActiveAndStopsThemWhenToldStandby)
{
    Harness h(clusterConfig(StandbyKind::Cold));
    h.boot();
    EXPECT_EQ(h.state("db"), GroupState::Standby);
    EXPECT_TRUE(h.running.empty());
    h.neverReady.insert("db.service");
    h.process(h.engine->setRunTarget("db", GroupState::Active, "owner of the pair"));
    EXPECT_EQ(h.state("db"), GroupState::Init);
    EXPECT_TRUE(half(h).claims);  // on its way to active
    EXPECT_FALSE(half(h).ready);
    h.process(h.engine->setRunTarget("db", GroupState::Standby, "another node is the owner"));
    EXPECT_EQ(h.state("db"), GroupState::Standby);
    EXPECT_FALSE(half(h).claims);
    EXPECT_TRUE(h.running.empty());
    h.neverReady.clear();
    h.process(h.engine->setRunTarget("db", GroupState::Active, "owner of the pair"));
    EXPECT_EQ(h.state("db"), GroupState::Active);
    EXPECT_TRUE(h.running.count("db.service"));
}

TEST(EngineCluster, AHeldHalfRecordsTheTargetAndBecomesItWhenBackInService)
{
    Harness h(clusterConfig(StandbyKind::Hot));
    h.boot();
    h.run(h.engine->reportFault("db", Recovery::OutOfService, "", "disk gone"));
    ASSERT_TRUE(h.group("db").held);
    EXPECT_FALSE(half(h).ready);
    h.process(h.engine->setRunTarget("db", GroupState::Active, "owner of the pair"));
    EXPECT_EQ(h.state("db"), GroupState::Unavailable);
    h.run(h.engine->online("db"));
    EXPECT_EQ(h.state("db"), GroupState::Active);
}

TEST(EngineCluster, AnActiveHalfThatWentDownComesBackStandby)
{
    Harness h(clusterConfig(StandbyKind::Hot));
    h.boot();
    h.process(h.engine->setRunTarget("db", GroupState::Active, "owner of the pair"));
    h.run(h.engine->reportFault("db", Recovery::OutOfService, "", "disk gone"));
    EXPECT_EQ(h.group("db").runTarget, GroupState::Standby);
    h.run(h.engine->online("db"));
    EXPECT_EQ(h.state("db"), GroupState::Standby);  // active again only when the cluster says so
}

TEST(EngineCluster, AGroupRestartKeepsTheClustersTarget)
{
    Harness h(clusterConfig(StandbyKind::Hot));
    h.boot();
    h.process(h.engine->setRunTarget("db", GroupState::Active, "owner of the pair"));
    h.run(h.engine->restart("db"));
    EXPECT_EQ(h.state("db"), GroupState::Active);
    EXPECT_EQ(h.group("db").runTarget, GroupState::Active);
}

TEST(EngineCluster, AHandshakeHalfClaimsWhileAskedToBecomeActive)
{
    Harness h(clusterConfig(StandbyKind::Hot, Handshake::Bus));
    h.boot();
    h.run(h.engine->acknowledge("db", GroupState::Standby, h.group("db").incarnation));
    ASSERT_EQ(h.state("db"), GroupState::Standby);
    h.process(h.engine->setRunTarget("db", GroupState::Active, "owner of the pair"));
    EXPECT_EQ(h.group("db").requested, GroupState::Active);
    EXPECT_TRUE(half(h).claims);
    EXPECT_FALSE(half(h).ready);
    // Told standby again before the application answered: the request is withdrawn.
    h.process(h.engine->setRunTarget("db", GroupState::Standby, "another node is the owner"));
    EXPECT_FALSE(h.group("db").requested);
    EXPECT_FALSE(half(h).claims);
    EXPECT_TRUE(half(h).ready);
}

} // namespace
} // namespace pgmd::cluster::test
