// Two and three pair arbiters, each beside a real engine, on the in-test
// agreed-order bus (cluster_bus.hpp). The bus checks after every delivered
// event that no side has more active halves than ActiveCount= allows.

#include "cluster_bus.hpp"

#include <gtest/gtest.h>

namespace pgmd::cluster::test {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> v(std::initializer_list<std::string> names) { return names; }

class PairArbiterTest : public ::testing::Test {
protected:
    // Every node gets the same groups; `fencers` have a FenceCommand=.
    void addNodes(const std::vector<std::string>& names, const std::vector<GroupSpec>& groups,
                  const std::vector<std::string>& fencers = {})
    {
        NodeId id = 1;
        for (const std::string& name : names) {
            const bool canFence = std::find(fencers.begin(), fencers.end(), name) != fencers.end();
            bus.add(name, id++, makeNodeConfig(name, groups, canFence));
        }
    }
    void hotPair(const std::vector<std::string>& fencers = {})
    {
        addNodes({"a", "b"}, {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})}, fencers);
        bus.startTogether({"a", "b"});
    }
    OperatorResult failHalf(const std::string& node, const std::string& group)
    {
        return bus.node(node).host.engine->reportFault(group, Recovery::OutOfService, "", "disk gone");
    }
    // Every application answers what it was asked (Handshake=bus), until none is asked anything.
    void acknowledgeAll()
    {
        for (bool asked = true; asked;) {
            asked = false;
            for (const char* name : {"a", "b", "c"}) {
                SimNode& n = bus.node(name);
                for (const GroupRuntime& g : n.host.engine->groups())
                    if (g.requested) {
                        asked = true;
                        bus.run(name, n.host.engine->acknowledge(g.spec->name, *g.requested, g.incarnation));
                        break;
                    }
            }
        }
    }
    SimNode& a() { return bus.node("a"); }
    SimNode& b() { return bus.node("b"); }
    SimNode& c() { return bus.node("c"); }

    pgm::ManualClock clock;
    ClusterBus bus{clock};
};

TEST_F(PairArbiterTest, HotPairComesUpWithTheFirstNodeInNodesAsOwner)
{
    addNodes({"a", "b"}, {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})});
    bus.startTogether({"b", "a"});
    EXPECT_TRUE(a().arbiter->synced());
    EXPECT_EQ(a().pair("db").owners, v({"a"}));
    EXPECT_EQ(b().pair("db").owners, v({"a"}));
    EXPECT_EQ(a().pair("db").epoch, b().pair("db").epoch);
    EXPECT_EQ(a().state("db"), GroupState::Active);
    EXPECT_EQ(b().state("db"), GroupState::Standby);
    EXPECT_EQ(a().target("db"), GroupState::Active);
    EXPECT_EQ(b().target("db"), GroupState::Standby);
    EXPECT_EQ(bus.activeNodes("db"), v({"a"}));
}

TEST_F(PairArbiterTest, ANodeThatJoinsLaterDoesNotTakeTheGroupBack)
{
    addNodes({"a", "b"}, {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})});
    bus.start("b");
    EXPECT_EQ(b().state("db"), GroupState::Active);
    bus.start("a");
    EXPECT_EQ(a().pair("db").owners, v({"b"}));
    EXPECT_EQ(a().state("db"), GroupState::Standby);
    EXPECT_EQ(bus.activeNodes("db"), v({"b"}));
}

TEST_F(PairArbiterTest, SetRunTargetIsGivenOnlyWhenTheTargetChanges)
{
    hotPair();
    bus.run("b", b().host.engine->restart("db"));  // a new report from b, nothing changes
    auto count = [](const SimNode& n) {
        return std::count_if(n.log.begin(), n.log.end(),
                             [](const ClusterAction& x) { return std::holds_alternative<SetRunTarget>(x); });
    };
    EXPECT_EQ(count(a()), 1);
    EXPECT_EQ(count(b()), 1);
}

TEST_F(PairArbiterTest, ActiveHalfFailsAndTheMateTakesOverOnlyOnceTheFailedReportIsDelivered)
{
    hotPair();
    bus.hold = true;
    bus.run("a", failHalf("a", "db"));
    EXPECT_EQ(a().state("db"), GroupState::Unavailable);
    ASSERT_GT(bus.queued(), 0u);  // a's report that it no longer claims
    EXPECT_EQ(b().target("db"), GroupState::Standby);
    EXPECT_EQ(b().state("db"), GroupState::Standby);
    bus.deliverAll();
    EXPECT_EQ(b().pair("db").owners, v({"b"}));
    EXPECT_EQ(b().state("db"), GroupState::Active);
    ASSERT_EQ(b().failovers.size(), 1u);
    EXPECT_EQ(b().failovers[0].fromNode, "a");
    EXPECT_EQ(b().failovers[0].toNode, "b");
    EXPECT_EQ(b().failovers[0].reason, "failed on a");
    EXPECT_EQ(a().pair("db").owners, v({"b"}));
}

TEST_F(PairArbiterTest, AFailedActiveBroughtBackBeforeItsMateHeardComesBackStandby)
{
    hotPair();
    bus.hold = true;
    bus.run("a", failHalf("a", "db"));
    bus.run("a", a().host.engine->online("db"));  // back at once, before anyone heard it failed
    EXPECT_EQ(a().state("db"), GroupState::Standby);  // not active on its own
    bus.deliverAll();
    EXPECT_EQ(bus.activeNodes("db"), v({"b"}));
    EXPECT_EQ(a().pair("db").owners, v({"b"}));
}

TEST_F(PairArbiterTest, AnOwnerWhoseHalfCameBackStandbyIsToldActiveAgain)
{
    hotPair();
    std::vector<HalfReport> halves = reportHalves(*a().host.engine);
    halves[0].state = GroupState::Standby;
    halves[0].claims = false;
    halves[0].ready = true;
    ClusterActions sent = a().arbiter->onLocalHalves(halves);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_FALSE(std::holds_alternative<SetRunTarget>(sent[0]));  // not before the others know
    ClusterActions actions = a().arbiter->onMessage(1, std::get<Multicast>(sent[0]).message);
    EXPECT_TRUE(std::any_of(actions.begin(), actions.end(), [](const ClusterAction& x) {
        auto* t = std::get_if<SetRunTarget>(&x);
        return t && t->target == GroupState::Active;
    }));
}

TEST_F(PairArbiterTest, StandbyFailsAndNothingMoves)
{
    hotPair();
    bus.run("b", failHalf("b", "db"));
    EXPECT_EQ(b().state("db"), GroupState::Unavailable);
    EXPECT_EQ(a().pair("db").owners, v({"a"}));
    EXPECT_EQ(a().state("db"), GroupState::Active);
    EXPECT_TRUE(a().failovers.empty());
    EXPECT_TRUE(b().failovers.empty());
}

TEST_F(PairArbiterTest, ProcessDownWaitsTheGraceThenNeedsTheFenceBeforeTakeOver)
{
    hotPair({"b"});
    bus.crashPgmd("a");
    const auto aView = [&] { return b().view("a"); };
    EXPECT_EQ(aView().presence, Presence::Absent);
    bus.advance(29s);
    EXPECT_EQ(aView().presence, Presence::Absent);
    EXPECT_TRUE(b().fenceRequests.empty());
    EXPECT_EQ(b().state("db"), GroupState::Standby);
    bus.advance(2s);
    EXPECT_EQ(aView().presence, Presence::Lost);
    ASSERT_EQ(b().fenceRequests.size(), 1u);
    EXPECT_EQ(b().fenceRequests[0].nodeName, "a");
    EXPECT_EQ(b().state("db"), GroupState::Standby);  // lost is not enough: a's groups may still run
    EXPECT_EQ(b().pair("db").owners, v({"a"}));
    bus.fenceDone("b", "a", true, "off");
    EXPECT_EQ(aView().presence, Presence::Fenced);
    EXPECT_EQ(b().pair("db").owners, v({"b"}));
    EXPECT_EQ(b().state("db"), GroupState::Active);
}

TEST_F(PairArbiterTest, PgmdRestartedWithinTheGraceKeepsItsGroupsWithoutABounce)
{
    hotPair({"b"});
    bus.crashPgmd("a");
    bus.advance(5s);
    bus.restartPgmd("a");
    EXPECT_EQ(a().pair("db").owners, v({"a"}));
    EXPECT_EQ(a().state("db"), GroupState::Active);
    EXPECT_EQ(a().host.statesOf("db"), std::vector<GroupState>({GroupState::Init, GroupState::Standby,
                                                                 GroupState::Active}));
    EXPECT_TRUE(b().fenceRequests.empty());
    bus.advance(60s);
    EXPECT_TRUE(b().fenceRequests.empty());
}

TEST_F(PairArbiterTest, NodeDownIsFencedByExactlyOneNodeAndTakenOverOnlyAfterTheOutcomeIsDelivered)
{
    addNodes({"a", "b", "c"}, {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})}, {"b", "c"});
    bus.startTogether({"a", "b", "c"});
    EXPECT_EQ(b().arbiter->fencer(), 2u);
    bus.isolate("a");
    EXPECT_EQ(b().fenceRequests.size(), 1u);
    EXPECT_TRUE(c().fenceRequests.empty());
    EXPECT_TRUE(a().fenceRequests.empty());
    EXPECT_EQ(b().state("db"), GroupState::Standby);
    bus.advance(120s);  // no answer from the agent yet: nothing moves
    EXPECT_EQ(b().fenceRequests.size(), 1u);
    EXPECT_EQ(b().state("db"), GroupState::Standby);
    bus.hold = true;
    bus.fenceDone("b", "a", true);
    EXPECT_EQ(b().state("db"), GroupState::Standby);  // the outcome is not yet delivered
    bus.deliverAll();
    EXPECT_EQ(b().state("db"), GroupState::Active);
    EXPECT_TRUE(c().arbiter->pairs().empty());  // c is not in Nodes= of db: it ignores the group
    ASSERT_EQ(b().failovers.size(), 1u);
    EXPECT_EQ(b().failovers[0].reason, "node a lost, fenced");
}

TEST_F(PairArbiterTest, AFailedFenceIsRetriedAndNothingMovesUntilItSucceeds)
{
    hotPair({"b"});
    bus.isolate("a");
    ASSERT_EQ(b().fenceRequests.size(), 1u);
    bus.fenceDone("b", "a", false, "agent timed out");
    EXPECT_EQ(b().state("db"), GroupState::Standby);
    EXPECT_EQ(b().view("a").lastFenceFailure, "agent timed out");
    bus.advance(kFenceRetryDelay - 1s);
    EXPECT_EQ(b().fenceRequests.size(), 1u);
    bus.advance(1s);
    EXPECT_EQ(b().fenceRequests.size(), 2u);
    EXPECT_EQ(b().state("db"), GroupState::Standby);
    bus.fenceDone("b", "a", true);
    EXPECT_EQ(b().state("db"), GroupState::Active);
}

TEST_F(PairArbiterTest, WithoutFencingALostOwnerNeedsFencingAndNothingMoves)
{
    hotPair();
    bus.isolate("a");
    EXPECT_EQ(b().arbiter->fencer(), 0u);
    EXPECT_EQ(b().pair("db").needsFencing, v({"a"}));
    bus.advance(10min);
    EXPECT_EQ(b().state("db"), GroupState::Standby);
    EXPECT_EQ(b().pair("db").owners, v({"a"}));
    EXPECT_TRUE(b().fenceRequests.empty());
}

TEST_F(PairArbiterTest, SwitchoverAcceptedMovesTheGroupAndDoesNotFailBack)
{
    hotPair();
    SwitchoverResult r = bus.switchover("b", "db");
    EXPECT_EQ(r.refusal, "");
    EXPECT_EQ(a().state("db"), GroupState::Standby);
    EXPECT_EQ(b().state("db"), GroupState::Active);
    EXPECT_EQ(a().pair("db").owners, v({"b"}));
    EXPECT_EQ(a().pair("db").switchoverFrom, "");
    ASSERT_EQ(a().failovers.size(), 1u);
    EXPECT_EQ(a().failovers[0].reason, "switch-over requested on b");
    // Every node, the asking one included, hears how it ended.
    for (SimNode* n : {&a(), &b()}) {
        ASSERT_EQ(n->switchoversEnded.size(), 1u) << n->name;
        const SwitchoverEnded& e = n->switchoversEnded[0];
        EXPECT_EQ(e.outcome, SwitchoverOutcome::Completed) << n->name;
        EXPECT_EQ(e.group, "db");
        EXPECT_EQ(e.fromNode, "a");
        EXPECT_EQ(e.toNode, "b");
        EXPECT_EQ(e.byNode, "b");
        EXPECT_EQ(e.reason, "switch-over requested on b");
    }
    bus.advance(1min);
    EXPECT_EQ(bus.activeNodes("db"), v({"b"}));
    EXPECT_EQ(a().switchoversEnded.size(), 1u);
}

TEST_F(PairArbiterTest, ASwitchoverThatCannotCompleteIsAbandonedAndTheNextOneWorks)
{
    // Handshake=bus: a stands down only when its application says so.
    GroupSpec db = makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b", "c"});
    db.handshake = Handshake::Bus;
    addNodes({"a", "b", "c"}, {db});
    bus.startTogether({"a", "b", "c"});
    acknowledgeAll();
    EXPECT_EQ(bus.switchover("a", "db", "b").refusal, "");
    EXPECT_EQ(a().host.group("db").requested, GroupState::Standby);
    bus.run("b", failHalf("b", "db"));
    for (SimNode* n : {&a(), &b(), &c()}) {
        EXPECT_EQ(n->pair("db").switchoverFrom, "") << n->name;
        EXPECT_EQ(n->pair("db").owners, v({"a"})) << n->name;
        EXPECT_EQ(n->pair("db").epoch, a().pair("db").epoch) << n->name;
    }
    EXPECT_EQ(a().target("db"), GroupState::Active);
    EXPECT_FALSE(a().host.group("db").requested.has_value());  // the request to stand down was withdrawn
    EXPECT_EQ(a().state("db"), GroupState::Active);
    EXPECT_TRUE(a().failovers.empty());
    // Every node says it at the same event, the node that asked included.
    for (SimNode* n : {&a(), &b(), &c()}) {
        ASSERT_EQ(n->switchoversEnded.size(), 1u) << n->name;
        const SwitchoverEnded& e = n->switchoversEnded[0];
        EXPECT_EQ(e.outcome, SwitchoverOutcome::Abandoned) << n->name;
        EXPECT_EQ(e.fromNode, "a");
        EXPECT_EQ(e.toNode, "b");
        EXPECT_EQ(e.byNode, "a");
        EXPECT_EQ(e.reason, "b's half is no longer a ready standby");
    }

    EXPECT_EQ(bus.switchover("b", "db", "c").refusal, "");
    acknowledgeAll();
    EXPECT_EQ(bus.activeNodes("db"), v({"c"}));
    EXPECT_EQ(a().pair("db").owners, v({"c"}));
}

TEST_F(PairArbiterTest, AnOwnerThatFailsWhileStandingDownEndsTheSwitchoverAsCompleted)
{
    // Handshake=bus: a is asked to stand down and fails before it answers;
    // b takes over all the same, so the switch-over is not abandoned.
    GroupSpec db = makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b", "c"});
    db.handshake = Handshake::Bus;
    addNodes({"a", "b", "c"}, {db});
    bus.startTogether({"a", "b", "c"});
    acknowledgeAll();
    EXPECT_EQ(bus.switchover("b", "db", "b").refusal, "");
    bus.run("a", failHalf("a", "db"));
    for (SimNode* n : {&a(), &b(), &c()}) {
        ASSERT_EQ(n->switchoversEnded.size(), 1u) << n->name;
        const SwitchoverEnded& e = n->switchoversEnded[0];
        EXPECT_EQ(e.outcome, SwitchoverOutcome::Completed) << n->name;
        EXPECT_EQ(e.fromNode, "a");
        EXPECT_EQ(e.toNode, "b");
        EXPECT_EQ(e.byNode, "b");
        EXPECT_EQ(e.reason, "failed on a");
    }
    acknowledgeAll();
    EXPECT_EQ(bus.activeNodes("db"), v({"b"}));
}

TEST_F(PairArbiterTest, ARequestRefusedOnDeliveryIsToldToEveryNode)
{
    addNodes({"a", "b", "c"}, {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b", "c"})});
    bus.startTogether({"a", "b", "c"});
    // Both pass the asking node's check; b's gets there first.
    bus.hold = true;
    EXPECT_EQ(bus.switchover("b", "db", "b").refusal, "");
    EXPECT_EQ(bus.switchover("c", "db", "c").refusal, "");
    bus.hold = false;
    bus.deliverAll();
    for (SimNode* n : {&a(), &b(), &c()}) {
        ASSERT_EQ(n->switchoversEnded.size(), 2u) << n->name;
        const SwitchoverEnded& refused = n->switchoversEnded[0];
        EXPECT_EQ(refused.outcome, SwitchoverOutcome::Refused) << n->name;
        EXPECT_EQ(refused.fromNode, "a");
        EXPECT_EQ(refused.toNode, "c");
        EXPECT_EQ(refused.byNode, "c");
        EXPECT_EQ(refused.reason, "a switch-over of db is already under way");
        EXPECT_EQ(n->switchoversEnded[1].outcome, SwitchoverOutcome::Completed) << n->name;
        EXPECT_EQ(n->switchoversEnded[1].byNode, "b");
        EXPECT_EQ(n->switchoversEnded[1].toNode, "b");
    }
    EXPECT_EQ(bus.activeNodes("db"), v({"b"}));
}

TEST_F(PairArbiterTest, AFailoverIsAnnouncedOnlyOnceTheSuccessorIsActive)
{
    GroupSpec db = makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"});
    db.handshake = Handshake::Bus;
    addNodes({"a", "b", "c"}, {db}, {"b"});  // c is not in Nodes=: it only keeps the quorum
    bus.startTogether({"a", "b", "c"});
    acknowledgeAll();
    bus.isolate("a");
    bus.fenceDone("b", "a", true);
    EXPECT_EQ(b().pair("db").owners, v({"b"}));
    EXPECT_EQ(b().host.group("db").requested, GroupState::Active);  // asked, not yet acknowledged
    EXPECT_TRUE(b().failovers.empty());
    acknowledgeAll();
    EXPECT_EQ(b().state("db"), GroupState::Active);
    ASSERT_EQ(b().failovers.size(), 1u);
    EXPECT_EQ(b().failovers[0].reason, "node a lost, fenced");
}

TEST_F(PairArbiterTest, OnlyALostNodeWhoseHalvesMustMoveIsFenced)
{
    addNodes({"a", "b", "c"}, {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b", "c"})}, {"b"});
    bus.startTogether({"a", "b", "c"});
    bus.isolate("c");  // a standby: nothing of it must move
    EXPECT_EQ(b().view("c").presence, Presence::Lost);
    EXPECT_TRUE(b().fenceRequests.empty());
    bus.heal();
    bus.isolate("a");  // the owner
    ASSERT_EQ(b().fenceRequests.size(), 1u);
    EXPECT_EQ(b().fenceRequests[0].nodeName, "a");
}

TEST_F(PairArbiterTest, AFencerThatCannotTellWhatALostNodeHeldFencesIt)
{
    // a keeps no owner record of db, whose Nodes= does not list it.
    addNodes({"a", "b", "c"}, {makeClusteredGroup("db", Redundancy::HotStandby, {"b", "c"})}, {"a"});
    bus.startTogether({"a", "b", "c"});
    bus.isolate("c");  // c's standby
    ASSERT_EQ(a().fenceRequests.size(), 1u);
    EXPECT_EQ(a().fenceRequests[0].nodeName, "c");
}

TEST_F(PairArbiterTest, SwitchoverIsRefusedWithAReason)
{
    hotPair();
    EXPECT_EQ(bus.switchover("a", "nosuch").refusal, "no clustered group named 'nosuch' on this node");
    EXPECT_EQ(bus.switchover("a", "db", "a").refusal, "db is already active on a");
    EXPECT_EQ(bus.switchover("a", "db", "z").refusal, "z is not listed in Nodes= of db");
    bus.run("b", failHalf("b", "db"));
    EXPECT_EQ(bus.switchover("a", "db").refusal, "no other node's half of db is a ready standby");
    EXPECT_EQ(bus.switchover("a", "db", "b").refusal, "b's half of db is not a ready standby");
    EXPECT_EQ(bus.activeNodes("db"), v({"a"}));
}

TEST_F(PairArbiterTest, SwitchoverNeedsExactlyOneOwner)
{
    addNodes({"a", "b", "c"}, {makeClusteredGroup("calc", Redundancy::Sparing, {"a", "b", "c"}, 2)});
    bus.startTogether({"a", "b", "c"});
    EXPECT_EQ(bus.switchover("c", "calc").refusal, "calc has 2 active halves; a switch-over needs exactly one");
}

TEST_F(PairArbiterTest, AHealWithBothHalvesClaimingKeepsExactlyOne)
{
    addNodes({"a", "b"}, {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})});
    b().side = 1;  // two sides that never met: each made its own half active
    bus.checkInvariants = false;  // violated on purpose until the sides meet and the rule acts
    bus.start("a");
    bus.start("b");
    EXPECT_EQ(bus.activeNodes("db"), v({"a", "b"}));
    bus.heal();
    bus.checkInvariants = true;
    EXPECT_EQ(bus.activeNodes("db"), v({"a"}));
    EXPECT_EQ(a().pair("db").owners, v({"a"}));
    EXPECT_EQ(b().pair("db").owners, v({"a"}));
    EXPECT_EQ(b().target("db"), GroupState::Standby);
}

// Each side quorate alone (two_node); b's agent confirms a off while a
// stays up, so b takes over and both claim when the sides meet again. The
// merged record is b's (it decided last): b stays, a is told standby and
// says why, the same on both nodes.
TEST_F(PairArbiterTest, AHealAfterALyingFenceKeepsTheHalfTheRecordNames)
{
    hotPair({"b"});
    bus.checkInvariants = false;  // violated by the lying agent until the sides meet
    bus.isolate("a");
    ASSERT_EQ(b().fenceRequests.size(), 1u);
    bus.fenceDone("b", "a", true, "off", true);
    EXPECT_EQ(bus.activeNodes("db"), v({"a", "b"}));
    bus.heal();
    bus.checkInvariants = true;
    EXPECT_EQ(bus.activeNodes("db"), v({"b"}));
    EXPECT_EQ(a().pair("db").owners, v({"b"}));
    EXPECT_EQ(b().pair("db").owners, v({"b"}));
    EXPECT_EQ(a().pair("db").epoch, b().pair("db").epoch);
    EXPECT_EQ(a().target("db"), GroupState::Standby);
    EXPECT_EQ(b().target("db"), GroupState::Active);
    const auto told = std::find_if(a().log.rbegin(), a().log.rend(), [](const ClusterAction& x) {
        return std::holds_alternative<SetRunTarget>(x);
    });
    ASSERT_NE(told, a().log.rend());
    EXPECT_EQ(std::get<SetRunTarget>(*told).reason, "more than 1 active; kept on b");
}

TEST_F(PairArbiterTest, ADefinitionMismatchFreezesThePair)
{
    bus.add("a", 1, makeNodeConfig("a", {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})}, false));
    bus.add("b", 2,
            makeNodeConfig("b", {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"}, 1, StandbyKind::Cold)},
                           false));
    bus.start("a");
    bus.start("b");
    ASSERT_FALSE(a().frozen.empty());
    EXPECT_TRUE(a().pair("db").frozen);
    EXPECT_EQ(a().pair("db").frozenWhy, "the definition of group db differs on b");
    EXPECT_TRUE(b().pair("db").frozen);
    bus.run("a", failHalf("a", "db"));
    EXPECT_EQ(b().pair("db").owners, v({"a"}));  // frozen: owners do not change
    EXPECT_EQ(b().state("db"), GroupState::Standby);
}

TEST_F(PairArbiterTest, AReloadThatChangesTheDefinitionFreezesUntilTheNodesAgreeAgain)
{
    hotPair();
    const GroupSpec same = makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"});
    GroupSpec cold = same;
    cold.standby = StandbyKind::Cold;
    bus.reconfigure("b", makeNodeConfig("b", {cold}, false));
    EXPECT_TRUE(a().pair("db").frozen);
    EXPECT_TRUE(b().pair("db").frozen);
    bus.reconfigure("a", makeNodeConfig("a", {cold}, false));
    EXPECT_FALSE(a().pair("db").frozen);
    EXPECT_FALSE(b().pair("db").frozen);
    ASSERT_FALSE(a().frozen.empty());
    EXPECT_FALSE(a().frozen.back().frozen);
    EXPECT_EQ(a().pair("db").owners, v({"a"}));
    EXPECT_EQ(bus.activeNodes("db"), v({"a"}));
}

TEST_F(PairArbiterTest, ANodeListedInNodesWithoutTheGroupFreezesThePair)
{
    bus.add("a", 1, makeNodeConfig("a", {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})}, false));
    bus.add("b", 2, makeNodeConfig("b", {}, false));
    bus.startTogether({"a", "b"});
    EXPECT_TRUE(a().pair("db").frozen);
    EXPECT_EQ(a().pair("db").frozenWhy, "b does not have group db");
    EXPECT_EQ(a().state("db"), GroupState::Standby);
}

TEST_F(PairArbiterTest, LeadActiveEveryReadyNodeIsAnOwnerAndTheLeadMovesOnlyWhenItsHolderLeaves)
{
    addNodes({"a", "b", "c"}, {makeClusteredGroup("web", Redundancy::LeadActive, {"a", "b", "c"})});
    bus.startTogether({"a", "b", "c"});
    EXPECT_EQ(bus.activeNodes("web"), v({"a", "b", "c"}));
    EXPECT_EQ(c().pair("web").lead, "a");
    EXPECT_TRUE(a().leads["web"]);
    EXPECT_FALSE(b().leads["web"]);
    bus.run("a", failHalf("a", "web"));
    EXPECT_EQ(c().pair("web").owners, v({"b", "c"}));
    EXPECT_EQ(c().pair("web").lead, "b");
    EXPECT_FALSE(a().leads["web"]);
    EXPECT_TRUE(b().leads["web"]);
    // a back in service: an owner again, but the lead stays with b.
    bus.run("a", a().host.engine->online("web"));
    EXPECT_EQ(c().pair("web").owners, v({"a", "b", "c"}));
    EXPECT_EQ(c().pair("web").lead, "b");
}

TEST_F(PairArbiterTest, SparingTwoPlusOneReplacesAFailedActiveWithTheSpare)
{
    addNodes({"a", "b", "c"},
             {makeClusteredGroup("calc", Redundancy::Sparing, {"a", "b", "c"}, 2, StandbyKind::Cold)});
    bus.startTogether({"c", "b", "a"});
    EXPECT_EQ(bus.activeNodes("calc"), v({"a", "b"}));
    EXPECT_TRUE(c().host.running.empty());  // a cold spare runs nothing
    bus.run("b", failHalf("b", "calc"));
    EXPECT_EQ(bus.activeNodes("calc"), v({"a", "c"}));
    EXPECT_EQ(a().pair("calc").owners, v({"a", "c"}));
    EXPECT_TRUE(c().host.running.count("calc.service"));
}

TEST_F(PairArbiterTest, ANodeThatIsNotQuorateReleasesItsHalves)
{
    hotPair();
    bus.setQuorate("a", false);
    EXPECT_EQ(a().target("db"), GroupState::Standby);
    EXPECT_EQ(a().state("db"), GroupState::Standby);
    // Still the owner (README rule 2): the mate is not activated behind its back.
    EXPECT_EQ(b().pair("db").owners, v({"a"}));
    EXPECT_EQ(b().state("db"), GroupState::Standby);
    bus.setQuorate("a", true);
    EXPECT_EQ(a().state("db"), GroupState::Active);
}

TEST_F(PairArbiterTest, ANodeCutOffFromCorosyncReleasesItsHalves)
{
    hotPair();
    SimNode& n = a();
    ClusterActions actions = n.arbiter->onDisconnected("corosync went away");
    ASSERT_EQ(actions.size(), 2u);
    auto* target = std::get_if<SetRunTarget>(&actions[0]);
    ASSERT_TRUE(target);
    EXPECT_EQ(target->target, GroupState::Standby);
    EXPECT_EQ(target->reason, "corosync went away");
    EXPECT_FALSE(n.arbiter->synced());
}

TEST_F(PairArbiterTest, ANodeEvictedFromTheGroupReleasesItsHalves)
{
    hotPair();
    ClusterActions actions = a().arbiter->onMembership(MembershipChange{{2}, {}, {{1, 1, MemberReason::NodeDown}}});
    ASSERT_FALSE(actions.empty());
    auto* target = std::get_if<SetRunTarget>(&actions[0]);
    ASSERT_TRUE(target);
    EXPECT_EQ(target->target, GroupState::Standby);
    EXPECT_EQ(target->reason, "this node's pgmd is no longer in the CPG group");
}

TEST_F(PairArbiterTest, LocalHalvesAreReportedOnlyWhenTheyChange)
{
    hotPair();
    std::vector<HalfReport> halves = reportHalves(*a().host.engine);
    EXPECT_TRUE(a().arbiter->onLocalHalves(halves).empty());
    halves[0].incarnation += 1;
    ClusterActions actions = a().arbiter->onLocalHalves(halves);
    ASSERT_EQ(actions.size(), 1u);
    auto* multicast = std::get_if<Multicast>(&actions[0]);
    ASSERT_TRUE(multicast);
    EXPECT_EQ(std::get<Report>(multicast->message).halves, halves);
}

TEST_F(PairArbiterTest, AFenceOutcomeForANodeBackInTheGroupIsIgnored)
{
    hotPair({"b"});
    bus.isolate("a");
    ASSERT_EQ(b().fenceRequests.size(), 1u);
    bus.heal();  // a came back before the agent answered
    ClusterActions actions = b().arbiter->onMessage(2, FenceOutcome{1, "a", true, "off"});
    EXPECT_TRUE(std::none_of(actions.begin(), actions.end(),
                             [](const ClusterAction& x) { return std::holds_alternative<SetRunTarget>(x); }));
    EXPECT_EQ(b().view("a").presence, Presence::Present);
    EXPECT_EQ(b().pair("db").owners, v({"a"}));
    EXPECT_EQ(bus.activeNodes("db"), v({"a"}));
}

TEST_F(PairArbiterTest, AJoinerLearnsTheOwnersAndASwitchoverUnderWayFromTheReports)
{
    // Handshake=bus: a half stands down only when its application says so,
    // which leaves time for b's pgmd to restart in the middle of a switch-over.
    GroupSpec db = makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b", "c"});
    db.handshake = Handshake::Bus;
    addNodes({"a", "b", "c"}, {db});
    bus.startTogether({"a", "b"});
    acknowledgeAll();
    bus.start("c");
    acknowledgeAll();
    EXPECT_EQ(bus.activeNodes("db"), v({"a"}));
    EXPECT_EQ(c().pair("db").owners, v({"a"}));
    EXPECT_EQ(c().pair("db").epoch, a().pair("db").epoch);

    EXPECT_EQ(bus.switchover("a", "db", "c").refusal, "");
    EXPECT_EQ(a().host.group("db").requested, GroupState::Standby);  // still active, still claims
    bus.crashPgmd("b");
    bus.restartPgmd("b");
    EXPECT_EQ(b().pair("db").switchoverFrom, "a");
    EXPECT_EQ(b().pair("db").epoch, a().pair("db").epoch);
    acknowledgeAll();
    EXPECT_EQ(bus.activeNodes("db"), v({"c"}));
    for (SimNode* n : {&a(), &b(), &c()}) {
        EXPECT_EQ(n->pair("db").owners, v({"c"})) << n->name;
        EXPECT_EQ(n->pair("db").epoch, a().pair("db").epoch) << n->name;
    }
}

TEST_F(PairArbiterTest, AJoinerThatIsTheFencerLearnsOfALostNode)
{
    addNodes({"a", "b", "c"}, {makeClusteredGroup("db", Redundancy::HotStandby, {"b", "c"})}, {"a"});
    bus.startTogether({"b", "c"});
    bus.isolate("b");
    EXPECT_EQ(c().pair("db").needsFencing, v({"b"}));
    bus.start("a");  // a, the fencer, never saw b
    ASSERT_EQ(a().fenceRequests.size(), 1u);
    EXPECT_EQ(a().fenceRequests[0].nodeName, "b");
    bus.fenceDone("a", "b", true);
    EXPECT_EQ(bus.activeNodes("db"), v({"c"}));
}

TEST_F(PairArbiterTest, ANodeNotInNodesIgnoresTheGroup)
{
    addNodes({"a", "b", "c"}, {makeClusteredGroup("db", Redundancy::HotStandby, {"a", "b"})});
    bus.startTogether({"a", "b", "c"});
    EXPECT_TRUE(c().arbiter->pairs().empty());
    EXPECT_EQ(c().target("db"), GroupState::Unavailable);  // never told anything
    EXPECT_EQ(bus.activeNodes("db"), v({"a"}));
}

} // namespace
} // namespace pgmd::cluster::test
