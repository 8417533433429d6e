// What a group waits for (WaitingFor on the bus): its unmet dependencies,
// incomplete lower layers, unhealthy resources, an awaited acknowledgement and
// an operator's hold or offline; nothing once it is where it should be. A
// change of what a group waits for is announced for that group.
#include "harness.hpp"

#include "core/waiting_for.hpp"

#include <algorithm>

using namespace pgmd;
using namespace pgmd::test;
using namespace std::chrono;
using S = GroupState;
using K = WaitKind;

namespace pgmd {
inline void PrintTo(const Wait& w, std::ostream* os)
{
    *os << "(" << toString(w.kind) << ", " << w.name << ", " << w.detail << ")";
}
} // namespace pgmd

namespace {

using Waits = std::vector<Wait>;

Waits waitsOf(const Harness& h, const std::string& group)
{
    return waitingFor(*h.engine, h.group(group));
}

// billing needs the spool; frontend needs billing.
Config shopConfig()
{
    GroupSpec billing = makeGroup("billing", Layer::Application, {"billing.service"});
    billing.resources = {"spool"};
    GroupSpec frontend = makeGroup("frontend", Layer::Application, {"frontend.service"}, {"billing"});
    return makeConfig({billing, frontend}, {makeResource("spool")});
}

bool announced(const Harness& h, const std::string& group)
{
    const auto updates = h.actionsOf<GroupUpdated>();
    return std::any_of(updates.begin(), updates.end(), [&](const GroupUpdated& u) { return u.group == group; });
}

} // namespace

TEST(WaitingFor, NothingForAGroupAtItsTarget)
{
    Harness h(shopConfig());
    h.boot();
    ASSERT_EQ(h.state("frontend"), S::Active);
    EXPECT_TRUE(waitsOf(h, "billing").empty());
    EXPECT_TRUE(waitsOf(h, "frontend").empty());
}

TEST(WaitingFor, AResourceNotCheckedYetIsUnknown)
{
    Harness h(shopConfig());
    EXPECT_EQ(waitsOf(h, "billing"), (Waits{{K::Resource, "spool", "unknown"}}));
    EXPECT_EQ(waitsOf(h, "frontend"), (Waits{{K::Group, "billing", "unavailable"}}));
}

TEST(WaitingFor, AFailingResourceWithItsErrorAndTheDependentWithItsState)
{
    Harness h(shopConfig());
    h.resourceHealthy["spool"] = false;
    h.boot();
    EXPECT_EQ(waitsOf(h, "billing"), (Waits{{K::Resource, "spool", "failing: missing"}}));
    EXPECT_EQ(waitsOf(h, "frontend"), (Waits{{K::Group, "billing", "unavailable"}}));
    EXPECT_EQ(describe(waitsOf(h, "billing")), "resource spool (failing: missing)");

    h.resourceHealthy["spool"] = true;
    h.advance(seconds(10));
    ASSERT_EQ(h.state("frontend"), S::Active);
    EXPECT_TRUE(waitsOf(h, "billing").empty()) << "the blocker cleared";
    EXPECT_TRUE(waitsOf(h, "frontend").empty());
}

TEST(WaitingFor, OfflineAndWhatAnOnlineWouldStillWaitFor)
{
    Harness h(shopConfig());
    h.boot();
    ASSERT_EQ(h.run(h.engine->offline("billing")), OperatorError::None);
    EXPECT_EQ(waitsOf(h, "billing"), (Waits{{K::Offline, "", "taken offline by an operator"}}));
    EXPECT_EQ(waitsOf(h, "frontend"), (Waits{{K::Group, "billing", "offline"}}));

    h.resourceHealthy["spool"] = false;
    h.advance(seconds(10));
    EXPECT_EQ(waitsOf(h, "billing"),
              (Waits{{K::Offline, "", "taken offline by an operator"}, {K::Resource, "spool", "failing: missing"}}));
}

TEST(WaitingFor, AHoldWithItsReason)
{
    Harness h(shopConfig());
    h.boot();
    ASSERT_EQ(h.run(h.engine->reportFault("billing", Recovery::OutOfService, "", "queue stuck")), OperatorError::None);
    EXPECT_EQ(waitsOf(h, "billing"), (Waits{{K::Hold, "", "application reported: queue stuck"}}));
    EXPECT_EQ(waitsOf(h, "frontend"), (Waits{{K::Group, "billing", "unavailable"}}));
}

TEST(WaitingFor, AnIncompleteLowerLayerNamesItsGroupsButNotTheDependenciesAgain)
{
    GroupSpec msgbus = makeGroup("msgbus", Layer::Platform, {"msgbus.service"});
    GroupSpec db = makeGroup("db", Layer::Platform, {"db.service"});
    GroupSpec app = makeGroup("app", Layer::Application, {"app.service"}, {"msgbus"});
    Harness h(makeConfig({msgbus, db, app}));
    h.neverReady = {"msgbus.service", "db.service"};
    h.boot();
    ASSERT_EQ(h.state("db"), S::Init);
    EXPECT_EQ(waitsOf(h, "app"), (Waits{{K::Group, "msgbus", "init"}, {K::Layer, "platform", "db: init"}}));
    EXPECT_TRUE(waitsOf(h, "db").empty()) << "starting, with nothing outside itself to wait for";
}

TEST(WaitingFor, AnAwaitedAcknowledgementWithTheIncarnationAsked)
{
    Harness h(makeConfig({makePairedGroup("alt", Role::Alternate, StandbyKind::Hot, Handshake::Bus, {"alt.service"})}));
    h.boot();
    ASSERT_EQ(h.state("alt"), S::Init);
    EXPECT_EQ(waitsOf(h, "alt"), (Waits{{K::Acknowledgement, "standby", "incarnation 1"}}));
    ASSERT_EQ(h.run(h.engine->acknowledge("alt", S::Standby, 1)), OperatorError::None);
    EXPECT_TRUE(waitsOf(h, "alt").empty());
}

TEST(WaitingFor, StartBlockersLeaveOutTheGroupsOwnState)
{
    Harness h(shopConfig());
    h.resourceHealthy["spool"] = false;
    h.boot();
    ASSERT_EQ(h.run(h.engine->offline("billing")), OperatorError::None);
    EXPECT_EQ(startBlockers(*h.engine, h.group("billing")), (Waits{{K::Resource, "spool", "failing: missing"}}));
}

TEST(WaitingFor, OnlineOfAGroupThatCannotStartNamesTheBlockerInItsTransition)
{
    Harness h(shopConfig());
    h.boot();
    ASSERT_EQ(h.run(h.engine->offline("billing")), OperatorError::None);
    h.resourceHealthy["spool"] = false;
    h.advance(seconds(10));
    h.clearLog();
    ASSERT_EQ(h.run(h.engine->online("billing")), OperatorError::None);
    const auto changes = h.actionsOf<StateChanged>();
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes.front().to, S::Unavailable);
    EXPECT_EQ(changes.front().reason, "operator request; waits for resource spool (failing: missing)");
    EXPECT_EQ(waitsOf(h, "billing"), (Waits{{K::Resource, "spool", "failing: missing"}}));
}

TEST(WaitingFor, OnlineWithNothingInTheWayIsAPlainOperatorRequest)
{
    Harness h(shopConfig());
    h.boot();
    ASSERT_EQ(h.run(h.engine->offline("frontend")), OperatorError::None);
    h.clearLog();
    ASSERT_EQ(h.run(h.engine->online("frontend")), OperatorError::None);
    const auto changes = h.actionsOf<StateChanged>();
    ASSERT_FALSE(changes.empty());
    EXPECT_EQ(changes.front().reason, "operator request");
}

TEST(WaitingFor, ADependencysTransitionIsAnnouncedForTheGroupsWaitingOnIt)
{
    Harness h(shopConfig());
    h.resourceHealthy["spool"] = false;
    h.boot();
    h.clearLog();
    ASSERT_EQ(h.run(h.engine->offline("billing")), OperatorError::None);
    EXPECT_TRUE(announced(h, "frontend")) << "frontend now waits for an offline billing";
}

TEST(WaitingFor, ALowerLayersTransitionIsAnnouncedForTheGroupsItHoldsBack)
{
    GroupSpec plat = makeGroup("plat", Layer::Platform, {"plat.service"});
    GroupSpec app = makeGroup("app", Layer::Application, {"app.service"});
    Harness h(makeConfig({plat, app}));
    h.failingStarts = {"plat.service"};
    h.boot();
    ASSERT_EQ(h.state("app"), S::Unavailable);
    h.clearLog();
    ASSERT_EQ(h.run(h.engine->offline("plat")), OperatorError::None);
    EXPECT_TRUE(announced(h, "app"));
}

TEST(WaitingFor, AResourceHealthChangeIsAnnouncedForTheGroupsWaitingOnItButARepeatIsNot)
{
    Harness h(shopConfig());
    h.resourceHealthy["spool"] = false;
    h.boot();
    h.clearLog();
    h.advance(seconds(10));
    EXPECT_FALSE(announced(h, "billing")) << "the same failure again changes nothing";

    auto updatesBilling = [](const Actions& actions) {
        return std::any_of(actions.begin(), actions.end(), [](const Action& a) {
            auto u = std::get_if<GroupUpdated>(&a);
            return u && u->group == "billing";
        });
    };
    // Answers the harness does not carry out: only what they announce matters here.
    EXPECT_TRUE(updatesBilling(h.engine->onResourceChecked("spool", false, "disk gone"))) << "a new error";
    EXPECT_FALSE(updatesBilling(h.engine->onResourceChecked("spool", false, "disk gone")));
    EXPECT_TRUE(updatesBilling(h.engine->onResourceChecked("spool", true, "present")));
}
