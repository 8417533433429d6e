// Start order, dependencies, operator commands and pairing roles.
#include "harness.hpp"

#include <algorithm>

using namespace pgmd;
using namespace pgmd::test;
using namespace std::chrono;
using S = GroupState;

namespace {

std::size_t indexOf(const std::vector<std::string>& v, const std::string& s)
{
    return static_cast<std::size_t>(std::find(v.begin(), v.end(), s) - v.begin());
}

Config layered()
{
    // Declared out of order on purpose: layers and dependencies decide.
    return makeConfig({
        makeGroup("web", Layer::Application, {"web.service"}, {"billing"}),
        makeGroup("billing", Layer::Application, {"billing.service"}),
        makeGroup("msgbus", Layer::Platform, {"msgbus.service"}),
        makeGroup("os", Layer::System, {"sshd.service"}),
    });
}

} // namespace

TEST(Lifecycle, StartsSystemThenPlatformThenApplicationAndDependenciesFirst)
{
    Harness h(layered());
    h.neverReady = {"sshd.service"};
    h.boot();
    EXPECT_EQ(h.started(), std::vector<std::string>{"sshd.service"}) << "platform waits for the system layer";
    EXPECT_EQ(h.state("msgbus"), S::Unavailable);

    h.neverReady.clear();
    h.process(h.engine->onJobFinished("sshd.service", JobKind::Start, "done"));
    const auto order = h.started();
    ASSERT_EQ(order.size(), 4u);
    EXPECT_LT(indexOf(order, "sshd.service"), indexOf(order, "msgbus.service"));
    EXPECT_LT(indexOf(order, "msgbus.service"), indexOf(order, "billing.service"));
    EXPECT_LT(indexOf(order, "billing.service"), indexOf(order, "web.service"));
    for (const char* g : {"os", "msgbus", "billing", "web"}) {
        EXPECT_EQ(h.state(g), S::Active) << g;
        EXPECT_EQ(h.statesOf(g), (std::vector<S>{S::Init, S::Active})) << g;
        EXPECT_EQ(h.group(g).incarnation, 1u) << g;
    }
}

TEST(Lifecycle, GroupIsActiveOnlyWhenEveryMemberIsReady)
{
    Harness h(makeConfig({makeGroup("g", Layer::Application, {"a.service", "b.service"})}));
    h.neverReady.insert("b.service");
    h.boot();
    EXPECT_EQ(h.state("g"), S::Init);
    h.process(h.engine->onJobFinished("b.service", JobKind::Start, "done"));
    EXPECT_EQ(h.state("g"), S::Active);
}

TEST(Lifecycle, OfflineIsLeftAloneAndOnlineBringsItBack)
{
    Harness h(layered());
    h.boot();
    auto r = h.engine->offline("billing");
    ASSERT_EQ(r.error, OperatorError::None);
    h.process(r.actions);
    EXPECT_EQ(h.state("billing"), S::Offline);
    EXPECT_EQ(h.state("web"), S::Unavailable) << "a dependent cannot run without it";
    EXPECT_FALSE(h.running.count("billing.service"));

    // Events for an offline group's units cause no recovery.
    h.clearLog();
    h.process(h.engine->onUnitChanged("billing.service", UnitActivity::Failed, "failed"));
    EXPECT_TRUE(h.steps().empty());

    // Repeating offline, or bringing a group in service online, succeeds and does nothing.
    OperatorResult again = h.engine->offline("billing");
    EXPECT_EQ(again.error, OperatorError::None);
    EXPECT_EQ(again.message, "already offline");
    EXPECT_TRUE(again.actions.empty());
    OperatorResult inService = h.engine->online("web");
    EXPECT_EQ(inService.error, OperatorError::None);
    EXPECT_EQ(inService.message, "already online");
    EXPECT_TRUE(inService.actions.empty());
    EXPECT_EQ(h.state("billing"), S::Offline);
    EXPECT_EQ(h.state("web"), S::Unavailable);
    EXPECT_EQ(h.engine->restart("billing").error, OperatorError::InvalidState);
    EXPECT_EQ(h.engine->online("nope").error, OperatorError::NoSuchGroup);
    EXPECT_EQ(h.engine->offline("nope").error, OperatorError::NoSuchGroup);

    r = h.engine->online("billing");
    ASSERT_EQ(r.error, OperatorError::None);
    h.process(r.actions);
    EXPECT_EQ(h.statesOf("billing"), (std::vector<S>{S::Unavailable, S::Init, S::Active}));
    EXPECT_EQ(h.state("web"), S::Active);
}

TEST(Lifecycle, OperatorRestartGivesEveryMemberANewProcessAndDoesNotSpendTheBudget)
{
    Harness h(layered());
    h.boot();
    h.clearLog();
    auto r = h.engine->restart("billing");
    ASSERT_EQ(r.error, OperatorError::None);
    h.process(r.actions);
    EXPECT_EQ(h.actionsOf<RestartUnit>().size(), 1u);
    EXPECT_EQ(h.statesOf("billing"), (std::vector<S>{S::Init, S::Active}));
    EXPECT_EQ(h.engine->groupRestartsInWindow(h.group("billing")), 0u);
    EXPECT_EQ(h.group("billing").incarnation, 2u);
}

TEST(Lifecycle, AlternatesStartInStandbyColdOnesWithoutProcesses)
{
    GroupSpec hot = makeGroup("hot", Layer::Application, {"hot.service"});
    hot.role = Role::Alternate;
    hot.standby = StandbyKind::Hot;
    hot.mate = "node-b";
    GroupSpec cold = makeGroup("cold", Layer::Application, {"cold.service"});
    cold.role = Role::Alternate;
    cold.mate = "node-b";
    GroupSpec primary = makeGroup("prim", Layer::Application, {"prim.service"});
    primary.role = Role::Primary;
    primary.mate = "node-b";
    Harness h(makeConfig({hot, cold, primary}));
    h.boot();
    EXPECT_EQ(h.state("hot"), S::Standby);
    EXPECT_TRUE(h.running.count("hot.service"));
    EXPECT_EQ(h.state("cold"), S::Standby);
    EXPECT_FALSE(h.running.count("cold.service"));
    EXPECT_EQ(h.state("prim"), S::Active);

    // A restarted standby comes back as standby.
    for (int i = 0; i < 4; ++i)
        h.kill("hot.service");
    EXPECT_EQ(h.steps().back(), EscalationStep::RestartGroup);
    EXPECT_EQ(h.state("hot"), S::Standby);
}

TEST(Lifecycle, UnexpectedStopOfAMemberIsAFault)
{
    Harness h(layered());
    h.boot();
    h.clearLog();
    h.process(h.engine->onUnitChanged("billing.service", UnitActivity::Inactive, "inactive (Result=success)"));
    EXPECT_EQ(h.steps(), std::vector<EscalationStep>{EscalationStep::RestartProcess});
    EXPECT_EQ(h.group("billing").lastFault, "billing.service inactive (Result=success)");
}

TEST(Lifecycle, TransitionsDuringJobsAreNotFaults)
{
    Harness h(layered());
    h.boot();
    auto r = h.engine->restart("billing");
    h.clearLog();
    // systemd shows the unit going down during the restart job: expected.
    Actions mid = h.engine->onUnitChanged("billing.service", UnitActivity::Inactive, "inactive");
    EXPECT_TRUE(mid.empty());
    h.process(r.actions);
    EXPECT_TRUE(h.steps().empty());
    EXPECT_EQ(h.state("billing"), S::Active);
}

TEST(Lifecycle, CanceledJobsAreIgnored)
{
    Harness h(makeConfig({makeGroup("g", Layer::Application, {"a.service"})}));
    h.neverReady.insert("a.service");
    h.boot();
    h.clearLog();
    h.process(h.engine->onJobFinished("a.service", JobKind::Start, "canceled"));
    EXPECT_TRUE(h.log.empty());
    EXPECT_EQ(h.state("g"), S::Init);
}

TEST(Lifecycle, UnknownUnitsAndGroupsAreIgnoredOrRefused)
{
    Harness h(layered());
    h.boot();
    EXPECT_TRUE(h.engine->onUnitChanged("stranger.service", UnitActivity::Failed, "").empty());
    EXPECT_TRUE(h.engine->onJobFinished("stranger.service", JobKind::Start, "failed").empty());
    EXPECT_TRUE(h.engine->onResourceChecked("nothing", false, "").empty());
    EXPECT_EQ(h.engine->offline("nothing").error, OperatorError::NoSuchGroup);
}

// Two restarts of a member in quick succession: the first job's late "done"
// must not mark the member running while the second job is about to stop it.
TEST(Lifecycle, OnlyTheLastOfSeveralJobsForAMemberSpeaksForIt)
{
    Harness h(makeConfig({makeGroup("g", Layer::Application, {"a.service", "b.service"})}));
    h.boot();
    h.clearLog();
    // Both restarts asked for; systemd has not reported any of their jobs yet.
    ASSERT_EQ(h.engine->restart("g").error, OperatorError::None);
    ASSERT_EQ(h.engine->restart("g").error, OperatorError::None);
    ASSERT_EQ(h.state("g"), GroupState::Init);
    h.process(h.engine->onJobFinished("a.service", JobKind::Restart, "done"));  // the first restart's end
    h.process(h.engine->onUnitChanged("a.service", UnitActivity::Deactivating, "deactivating"));  // the second's stop
    EXPECT_TRUE(h.steps().empty()) << "pgmd's own restart is no fault";
    EXPECT_EQ(h.state("g"), GroupState::Init);
    h.process(h.engine->onJobFinished("a.service", JobKind::Restart, "done"));
    h.process(h.engine->onJobFinished("b.service", JobKind::Restart, "done"));
    h.process(h.engine->onJobFinished("b.service", JobKind::Restart, "done"));
    EXPECT_EQ(h.state("g"), GroupState::Active);
    EXPECT_TRUE(h.steps().empty());
}
