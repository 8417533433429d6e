// A reloaded configuration applied to a running engine: what keeps its name
// keeps its state, counters and pending work; what is new starts; what is gone stops.
#include "harness.hpp"

#include <stdexcept>

using namespace pgmd;
using namespace pgmd::test;
using namespace std::chrono;
using S = GroupState;
using Step = EscalationStep;

namespace {

GroupSpec app(const std::string& name, std::vector<std::string> units, std::vector<std::string> dependsOn = {})
{
    return makeGroup(name, Layer::Application, std::move(units), std::move(dependsOn));
}

std::vector<std::string> unitsOf(const std::vector<StopUnit>& stops)
{
    std::vector<std::string> out;
    for (const StopUnit& s : stops)
        out.push_back(s.unit);
    return out;
}

std::vector<std::string> resourcesChecked(const Harness& h)
{
    std::vector<std::string> out;
    for (const CheckResource& c : h.actionsOf<CheckResource>())
        out.push_back(c.resource);
    return out;
}

// Position of the last action of type T for `unit` in the log; the log's size if there is none.
template <typename T> std::size_t lastIndexOf(const Harness& h, const std::string& unit)
{
    std::size_t found = h.log.size();
    for (std::size_t i = 0; i < h.log.size(); ++i)
        if (auto* a = std::get_if<T>(&h.log[i]); a && a->unit == unit)
            found = i;
    return found;
}

const MemberRuntime& member(const Harness& h, const std::string& group, const std::string& unit)
{
    for (const MemberRuntime& m : h.group(group).members)
        if (m.spec->name == unit)
            return m;
    throw std::runtime_error(unit + " is not a member of " + group);
}

} // namespace

TEST(Reconfigure, AddedGroupStartsAndKeptGroupsKeepStateAndCounters)
{
    Harness h(makeConfig({app("a", {"a.service"})}));
    h.boot();
    h.kill("a.service");
    h.advance(seconds(10));
    h.clearLog();

    h.reconfigure(makeConfig({app("a", {"a.service"}), app("b", {"b.service"}, {"a"})}));
    EXPECT_EQ(h.started(), std::vector<std::string>{"b.service"});
    EXPECT_TRUE(h.actionsOf<StopUnit>().empty());
    EXPECT_EQ(h.statesOf("b"), (std::vector<S>{S::Init, S::Active}));
    EXPECT_EQ(h.group("b").incarnation, 1u);
    EXPECT_TRUE(h.statesOf("a").empty()) << "a kept group is not touched";
    EXPECT_EQ(h.state("a"), S::Active);
    EXPECT_EQ(h.group("a").incarnation, 1u);
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("a")), 1u);
    EXPECT_EQ(h.group("a").lastFault, "a.service failed (Result=signal)");
}

TEST(Reconfigure, RemovedGroupIsStoppedAndForgotten)
{
    Harness h(makeConfig({app("a", {"a.service"}), app("b", {"b1.service", "b2.service"})}));
    h.boot();
    h.clearLog();
    h.reconfigure(makeConfig({app("a", {"a.service"})}));
    EXPECT_EQ(unitsOf(h.actionsOf<StopUnit>()), (std::vector<std::string>{"b1.service", "b2.service"}));
    EXPECT_FALSE(h.running.count("b1.service") || h.running.count("b2.service"));
    EXPECT_EQ(h.engine->findGroup("b"), nullptr);
    EXPECT_EQ(h.engine->groups().size(), 1u);
    EXPECT_TRUE(h.started().empty());
    EXPECT_EQ(h.state("a"), S::Active);

    // Its units are strangers now: their events change nothing.
    EXPECT_TRUE(h.engine->onUnitChanged("b1.service", UnitActivity::Failed, "failed").empty());
    EXPECT_TRUE(h.engine->onJobFinished("b2.service", JobKind::Start, "failed").empty());
    EXPECT_EQ(h.engine->offline("b").error, OperatorError::NoSuchGroup);
}

TEST(Reconfigure, RenamedGroupStopsUnderTheOldNameAndStartsAfreshUnderTheNew)
{
    Harness h(makeConfig({app("old", {"x.service"})}));
    h.boot();
    h.kill("x.service");
    h.clearLog();
    h.reconfigure(makeConfig({app("new", {"x.service"})}));
    EXPECT_EQ(h.engine->findGroup("old"), nullptr);
    EXPECT_EQ(h.statesOf("new"), (std::vector<S>{S::Init, S::Active}));
    EXPECT_EQ(h.group("new").incarnation, 1u);
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("new")), 0u) << "counters belong to a name";
    EXPECT_TRUE(h.group("new").lastFault.empty());
    // Stopped first, then started: the unit ends up running, in its new group.
    EXPECT_LT(lastIndexOf<StopUnit>(h, "x.service"), lastIndexOf<StartUnit>(h, "x.service"));
    EXPECT_TRUE(h.running.count("x.service"));
    EXPECT_EQ(member(h, "new", "x.service").phase, MemberPhase::Running);
}

TEST(Reconfigure, MemberAddedToARunningGroupStartsAloneAndTheGroupStaysActive)
{
    Harness h(makeConfig({app("g", {"a.service"})}));
    h.boot();
    h.clearLog();
    h.reconfigure(makeConfig({app("g", {"a.service", "b.service"})}));
    EXPECT_EQ(h.started(), std::vector<std::string>{"b.service"});
    EXPECT_EQ(h.actionsOf<StartUnit>().size(), 1u);
    EXPECT_TRUE(h.statesOf("g").empty());
    EXPECT_EQ(h.group("g").incarnation, 1u);
    EXPECT_EQ(member(h, "g", "b.service").phase, MemberPhase::Running);
    EXPECT_FALSE(h.group("g").activationDeadline);

    // From now on it is a member like the others.
    h.clearLog();
    h.kill("b.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess});
}

TEST(Reconfigure, MemberAddedThatNeverGetsReadyIsAFaultOfItsOwn)
{
    Harness h(makeConfig({app("g", {"a.service"})}));
    h.boot();
    h.neverReady.insert("b.service");
    h.reconfigure(makeConfig({app("g", {"a.service", "b.service"})}));
    EXPECT_EQ(h.state("g"), S::Active);
    ASSERT_TRUE(h.group("g").activationDeadline);
    h.clearLog();
    h.advance(seconds(30));
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess});
    EXPECT_EQ(h.started(), std::vector<std::string>{"b.service"});
}

TEST(Reconfigure, MemberRemovedFromARunningGroupIsStopped)
{
    Harness h(makeConfig({app("g", {"a.service", "b.service"})}));
    h.boot();
    h.kill("a.service");
    h.clearLog();
    h.reconfigure(makeConfig({app("g", {"a.service"})}));
    EXPECT_EQ(unitsOf(h.actionsOf<StopUnit>()), std::vector<std::string>{"b.service"});
    EXPECT_FALSE(h.running.count("b.service"));
    EXPECT_TRUE(h.running.count("a.service"));
    EXPECT_TRUE(h.statesOf("g").empty());
    EXPECT_EQ(h.group("g").members.size(), 1u);
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("g")), 1u) << "a.service's restart still counts";

    h.clearLog();
    h.kill("b.service");
    EXPECT_TRUE(h.steps().empty()) << "no longer a member";
    h.kill("a.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess});
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("g")), 2u);
}

TEST(Reconfigure, MemberMovedToAGroupDeclaredEarlierEndsUpRunningThere)
{
    Harness h(makeConfig({app("g1", {"a.service", "m.service"}), app("g2", {"b.service"})}));
    h.boot();
    h.clearLog();
    h.reconfigure(makeConfig({app("g2", {"b.service", "m.service"}), app("g1", {"a.service"})}));
    // Stopped out of g1, then started in g2 (its slice changes): not the other way round.
    EXPECT_LT(lastIndexOf<StopUnit>(h, "m.service"), lastIndexOf<StartUnit>(h, "m.service"));
    EXPECT_TRUE(h.running.count("m.service"));
    EXPECT_EQ(member(h, "g2", "m.service").phase, MemberPhase::Running);
    EXPECT_EQ(h.state("g1"), S::Active);
    EXPECT_EQ(h.state("g2"), S::Active);
}

TEST(Reconfigure, SmallerProcessBudgetCountsTheRestartsAlreadyMade)
{
    Harness h(makeConfig({app("g", {"a.service"})}));
    h.boot();
    h.kill("a.service");
    h.kill("a.service");
    Config next = makeConfig({app("g", {"a.service"})});
    next.groups[0].processRestarts = {2, minutes(5)};
    h.reconfigure(std::move(next));
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("g")), 2u);
    h.clearLog();
    h.kill("a.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartGroup}) << "2 of 2 were already spent";
}

TEST(Reconfigure, LargerProcessBudgetAllowsMoreRestartsOnTopOfThoseMade)
{
    Harness h(makeConfig({app("g", {"a.service"})}));
    h.boot();
    for (int i = 0; i < 3; ++i)
        h.kill("a.service");
    Config next = makeConfig({app("g", {"a.service"})});
    next.groups[0].processRestarts = {5, minutes(5)};
    h.reconfigure(std::move(next));
    h.clearLog();
    h.kill("a.service");
    h.kill("a.service");
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::RestartProcess, Step::RestartProcess}));
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("g")), 5u);
    h.kill("a.service");
    EXPECT_EQ(h.steps().back(), Step::RestartGroup);
}

TEST(Reconfigure, GroupAndRebootBudgetsKeepTheirCountedEvents)
{
    Config c = makeConfig({makeGroup("os", Layer::System, {"journal.service"}), app("g", {"a.service"})});
    Harness h(c);
    PersistedState s;
    s.reboots = {h.clock.now() - minutes(30), h.clock.now() - minutes(20)};  // 2 of the default 2 in 1h
    h.restore(s);
    h.boot();
    ASSERT_EQ(h.run(h.engine->reportFault("g", Recovery::RestartGroup, "", "x")), OperatorError::None);
    ASSERT_EQ(h.run(h.engine->reportFault("g", Recovery::RestartGroup, "", "x")), OperatorError::None);

    c.groups[1].groupRestarts = {3, minutes(15)};
    c.manager.reboots = {3, hours(1)};
    h.reconfigure(c);
    EXPECT_EQ(h.engine->groupRestartsInWindow(h.group("g")), 2u);
    EXPECT_EQ(h.engine->rebootsInWindow(), 2u);

    h.clearLog();
    ASSERT_EQ(h.run(h.engine->reportFault("g", Recovery::RestartGroup, "", "x")), OperatorError::None);
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartGroup}) << "the third of 3";
    ASSERT_EQ(h.run(h.engine->reportFault("g", Recovery::RestartGroup, "", "x")), OperatorError::None);
    EXPECT_EQ(h.steps().back(), Step::OutOfService);

    h.clearLog();
    h.kill("journal.service");
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::OutOfService, Step::Reboot})) << "the third reboot of 3";
    EXPECT_EQ(h.engine->rebootsInWindow(), 3u);
}

TEST(Reconfigure, RemovedResourceIsNoLongerChecked)
{
    Config c = makeConfig({app("g", {"g.service"})}, {makeResource("spool")});
    c.groups[0].resources = {"spool"};
    Harness h(std::move(c));
    h.boot();
    ASSERT_EQ(h.state("g"), S::Active);
    h.advance(seconds(3));

    h.clearLog();
    h.reconfigure(makeConfig({app("g", {"g.service"})}));
    EXPECT_EQ(h.engine->findResource("spool"), nullptr);
    EXPECT_TRUE(h.engine->resources().empty());
    EXPECT_EQ(h.engine->nextDeadline(), std::nullopt) << "no check is due any more";
    h.advance(minutes(1));
    EXPECT_TRUE(resourcesChecked(h).empty());
    EXPECT_TRUE(h.engine->onResourceChecked("spool", false, "missing").empty()) << "a late answer is ignored";
    EXPECT_EQ(h.state("g"), S::Active);
    EXPECT_TRUE(h.statesOf("g").empty());
}

TEST(Reconfigure, AddedResourceIsCheckedAtOnceAndKeptOnesKeepTheirHealth)
{
    Harness h(makeConfig({app("g", {"g.service"})}, {makeResource("spool")}));
    h.boot();
    h.clearLog();
    h.resourceHealthy["cache"] = false;
    Config next = makeConfig({app("g", {"g.service"}), app("late", {"late.service"})},
                             {makeResource("spool"), makeResource("cache")});
    next.groups[1].resources = {"cache"};
    h.reconfigure(std::move(next));
    EXPECT_EQ(resourcesChecked(h), std::vector<std::string>{"cache"});
    ASSERT_NE(h.engine->findResource("spool"), nullptr);
    EXPECT_EQ(h.engine->findResource("spool")->health, ResourceHealth::Ok);
    EXPECT_EQ(h.engine->findResource("cache")->health, ResourceHealth::Failed);
    EXPECT_EQ(h.state("late"), S::Unavailable) << "its resource is not healthy";

    h.resourceHealthy["cache"] = true;
    h.advance(h.engine->findResource("cache")->spec->checkInterval);
    EXPECT_EQ(h.state("late"), S::Active);
}

TEST(Reconfigure, BeforeBootOnlyTheNewConfigurationIsStarted)
{
    Harness h(makeConfig({app("a", {"a.service"}), app("b", {"b.service"})}, {makeResource("spool")}));
    h.reconfigure(makeConfig({app("a", {"a.service"}), app("c", {"c.service"})}, {makeResource("cache")}));
    EXPECT_TRUE(h.started().empty()) << "nothing runs before boot";
    EXPECT_TRUE(h.actionsOf<StopUnit>().empty());
    EXPECT_TRUE(h.actionsOf<StateChanged>().empty());
    EXPECT_TRUE(resourcesChecked(h).empty());

    h.boot();
    EXPECT_EQ(h.started(), (std::vector<std::string>{"a.service", "c.service"}));
    EXPECT_EQ(resourcesChecked(h), std::vector<std::string>{"cache"});
    EXPECT_EQ(h.engine->findGroup("b"), nullptr);
    EXPECT_EQ(h.state("a"), S::Active);
    EXPECT_EQ(h.state("c"), S::Active);
}

TEST(Reconfigure, PendingStartIsKeptWithItsDeadline)
{
    Harness h(makeConfig({app("g", {"a.service", "b.service"})}));
    h.neverReady.insert("b.service");
    h.boot();
    h.advance(seconds(10));
    const auto deadline = h.group("g").activationDeadline;
    ASSERT_TRUE(deadline);
    h.clearLog();
    h.reconfigure(makeConfig({app("g", {"a.service", "b.service"})}));
    EXPECT_TRUE(h.started().empty()) << "b.service's start job is still under way";
    EXPECT_TRUE(h.actionsOf<StopUnit>().empty());
    EXPECT_EQ(h.state("g"), S::Init);
    EXPECT_EQ(member(h, "g", "b.service").phase, MemberPhase::Starting);
    EXPECT_EQ(h.group("g").activationDeadline, deadline);

    h.neverReady.clear();
    h.process(h.engine->onJobFinished("b.service", JobKind::Start, "done"));
    EXPECT_EQ(h.state("g"), S::Active);
}

TEST(Reconfigure, OfflineAndHeldGroupsStayAsTheyWere)
{
    Harness h(makeConfig({app("off", {"off.service"}), app("held", {"held.service"})}));
    h.boot();
    ASSERT_EQ(h.run(h.engine->offline("off")), OperatorError::None);
    ASSERT_EQ(h.run(h.engine->reportFault("held", Recovery::OutOfService, "", "x")), OperatorError::None);
    h.clearLog();
    h.reconfigure(makeConfig({app("off", {"off.service"}), app("held", {"held.service"})}));
    EXPECT_EQ(h.state("off"), S::Offline);
    EXPECT_EQ(h.state("held"), S::Unavailable);
    EXPECT_TRUE(h.group("held").held);
    EXPECT_TRUE(h.started().empty());
    EXPECT_TRUE(h.actionsOf<StateChanged>().empty());
}

TEST(Reconfigure, DroppingTheHandshakeSettlesAPendingRequest)
{
    GroupSpec prim = makePairedGroup("prim", Role::Primary, StandbyKind::Hot, Handshake::Bus, {"prim.service"});
    Harness h(makeConfig({prim}));
    h.boot();
    ASSERT_EQ(h.group("prim").requested, S::Active);
    h.clearLog();
    prim.handshake = Handshake::None;
    h.reconfigure(makeConfig({prim}));
    EXPECT_EQ(h.state("prim"), S::Active);
    EXPECT_FALSE(h.group("prim").requested);
    const auto changes = h.actionsOf<StateChanged>();
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].reason, "handshake no longer configured");
    EXPECT_TRUE(h.actionsOf<RequestActivation>().empty());
}

TEST(Reconfigure, NothingPointsIntoThePreviousConfiguration)
{
    Harness h(makeConfig({app("g", {"a.service", "b.service"})}));
    h.boot();
    Config next = makeConfig({app("g", {"a.service", "b.service"})});
    next.manager.stopTimeout = seconds(5);
    h.reconfigure(std::move(next));
    // The daemon may free the previous configuration; scribbling over it must not matter.
    for (GroupSpec& g : h.config.groups) {
        g.name = "scribbled";
        for (MemberSpec& m : g.members)
            m.name = "scribbled.service";
        g.processRestarts = {0, minutes(5)};
    }
    h.config.manager.stopTimeout = hours(1);

    EXPECT_NE(h.engine->findGroup("g"), nullptr);
    h.clearLog();
    h.kill("a.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess}) << "the new budget, and the new member names";
    // The new stop timeout applies: a member that will not stop is noticed after 5 s.
    h.stuckStops.insert("b.service");
    ASSERT_EQ(h.run(h.engine->reportFault("g", Recovery::OutOfService, "", "x")), OperatorError::None);
    h.clearLog();
    h.advance(seconds(5));
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::ReinitHost});
}
