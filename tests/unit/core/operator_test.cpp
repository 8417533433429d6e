// Commands from operators and applications: switching a pair between standby
// and active, faults an application reports itself, forgetting failures; and
// the history a group keeps for them (state since, last fault time, recent steps).
#include "harness.hpp"

using namespace pgmd;
using namespace pgmd::test;
using namespace std::chrono;
using S = GroupState;
using Step = EscalationStep;

namespace {

Config appConfig()
{
    return makeConfig({
        makeGroup("base", Layer::Platform, {"base.service"}),
        makeGroup("billing", Layer::Application, {"api.service", "db.service"}, {"base"}),
        makeGroup("reports", Layer::Application, {"reports.service"}, {"billing"}),
        makeGroup("other", Layer::Application, {"other.service"}),
    });
}

OperatorError report(Harness& h, const std::string& group, Recovery recovery, const std::string& unit = "")
{
    return h.run(h.engine->reportFault(group, recovery, unit, "queue stuck"));
}

} // namespace

// ---- activate / deactivate -------------------------------------------------

TEST(Operator, ColdStandbyActivationStartsEveryMember)
{
    Harness h(makeConfig(
        {makePairedGroup("cold", Role::Alternate, StandbyKind::Cold, Handshake::None, {"a.service", "b.service"})}));
    h.boot();
    ASSERT_EQ(h.state("cold"), S::Standby);
    ASSERT_TRUE(h.running.empty());
    const auto incarnation = h.group("cold").incarnation;

    h.clearLog();
    EXPECT_EQ(h.run(h.engine->activate("cold")), OperatorError::None);
    EXPECT_EQ(h.actionsOf<StartUnit>().size(), 2u);
    EXPECT_EQ(h.started(), (std::vector<std::string>{"a.service", "b.service"}));
    EXPECT_EQ(h.statesOf("cold"), (std::vector<S>{S::Init, S::Active}));
    EXPECT_EQ(h.group("cold").runTarget, S::Active);
    EXPECT_EQ(h.group("cold").incarnation, incarnation + 1) << "its processes are new";
    EXPECT_TRUE(h.running.count("a.service") && h.running.count("b.service"));
}

TEST(Operator, ARepairedColdStandbyLeavesNoFailedMemberBehind)
{
    Harness h(makeConfig(
        {makePairedGroup("cold", Role::Alternate, StandbyKind::Cold, Handshake::None, {"a.service", "b.service"})}));
    h.boot();
    h.process(h.engine->setRunTarget("cold", S::Active, "the cluster chose this node"));
    ASSERT_EQ(h.state("cold"), S::Active);

    // a.service fails for good: the ladder gives up, and the cluster moves
    // the active half away, so that this half is to be a standby.
    h.failingStarts.insert("a.service");
    h.kill("a.service");
    for (int i = 0; i < 20 && h.state("cold") != S::Unavailable; ++i)
        h.advance(seconds(30));
    ASSERT_EQ(h.state("cold"), S::Unavailable);
    h.process(h.engine->setRunTarget("cold", S::Standby, "active on the other node now"));
    ASSERT_TRUE(h.failed.count("a.service"));

    // Repaired, and brought back: as a cold standby, which runs nothing,
    // and leaves no failed unit behind either.
    h.failingStarts.clear();
    h.clearLog();
    ASSERT_EQ(h.run(h.engine->online("cold")), OperatorError::None);
    ASSERT_EQ(h.state("cold"), S::Standby);
    EXPECT_TRUE(h.started().empty());
    EXPECT_TRUE(h.running.empty());
    EXPECT_TRUE(h.failed.empty()) << "still failed: " << *h.failed.begin();
    EXPECT_EQ(h.actionsOf<ResetFailedUnit>().size(), 2u);
}

TEST(Operator, ColdStandbyActivationThatNeverGetsReadyTimesOut)
{
    Harness h(makeConfig(
        {makePairedGroup("cold", Role::Alternate, StandbyKind::Cold, Handshake::None, {"a.service", "b.service"})}));
    h.boot();
    h.neverReady.insert("b.service");
    ASSERT_EQ(h.run(h.engine->activate("cold")), OperatorError::None);
    EXPECT_EQ(h.state("cold"), S::Init);
    h.advance(seconds(30));
    EXPECT_EQ(h.state("cold"), S::Unavailable);
    EXPECT_TRUE(h.group("cold").held);
    EXPECT_EQ(h.group("cold").lastFault, "activation timeout: b.service not ready");
}

TEST(Operator, HotStandbyWithoutHandshakeSwitchesAtOnceAndKeepsItsProcesses)
{
    Harness h(makeConfig({makePairedGroup("hot", Role::Alternate, StandbyKind::Hot, Handshake::None, {"hot.service"})}));
    h.boot();
    ASSERT_EQ(h.state("hot"), S::Standby);
    h.clearLog();
    EXPECT_EQ(h.run(h.engine->activate("hot")), OperatorError::None);
    EXPECT_EQ(h.state("hot"), S::Active);
    EXPECT_EQ(h.run(h.engine->deactivate("hot")), OperatorError::None);
    EXPECT_EQ(h.state("hot"), S::Standby);
    EXPECT_EQ(h.statesOf("hot"), (std::vector<S>{S::Active, S::Standby}));
    EXPECT_TRUE(h.started().empty());
    EXPECT_TRUE(h.actionsOf<StopUnit>().empty());
    EXPECT_TRUE(h.actionsOf<RequestActivation>().empty());
    EXPECT_TRUE(h.running.count("hot.service"));
}

TEST(Operator, DeactivatingAColdKindGroupStopsItsMembers)
{
    // Standby= defaults to cold: a primary switched to standby runs nothing.
    Harness h(makeConfig(
        {makePairedGroup("prim", Role::Primary, StandbyKind::Cold, Handshake::None, {"a.service", "b.service"})}));
    h.boot();
    ASSERT_EQ(h.state("prim"), S::Active);
    h.clearLog();
    EXPECT_EQ(h.run(h.engine->deactivate("prim")), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Standby);
    EXPECT_EQ(h.actionsOf<StopUnit>().size(), 2u);
    EXPECT_TRUE(h.running.empty());
    EXPECT_EQ(h.group("prim").runTarget, S::Standby);

    // Stopped on purpose: that is no fault, and nothing restarts them.
    h.process(h.engine->onUnitChanged("a.service", UnitActivity::Inactive, "inactive"));
    h.advance(minutes(2));
    EXPECT_TRUE(h.steps().empty());
    EXPECT_TRUE(h.started().empty());
    EXPECT_EQ(h.state("prim"), S::Standby);

    // And activation brings them back.
    EXPECT_EQ(h.run(h.engine->activate("prim")), OperatorError::None);
    EXPECT_EQ(h.state("prim"), S::Active);
    EXPECT_EQ(h.started(), (std::vector<std::string>{"a.service", "b.service"}));
}

TEST(Operator, OnlyPairedGroupsSwitch)
{
    Harness h(appConfig());
    h.boot();
    h.clearLog();
    for (auto command : {&Engine::activate, &Engine::deactivate}) {
        OperatorResult r = (h.engine.get()->*command)("billing");
        EXPECT_EQ(r.error, OperatorError::InvalidState);
        EXPECT_NE(r.message.find("not paired"), std::string::npos) << r.message;
        EXPECT_TRUE(r.actions.empty());
        EXPECT_EQ((h.engine.get()->*command)("nothing").error, OperatorError::NoSuchGroup);
    }
    EXPECT_EQ(h.state("billing"), S::Active);
    EXPECT_EQ(h.group("billing").runTarget, S::Active);
}

TEST(Operator, SwitchingNeedsTheStateItSwitchesFrom)
{
    Harness h(makeConfig({
        makePairedGroup("prim", Role::Primary, StandbyKind::Hot, Handshake::None, {"prim.service"}),
        makePairedGroup("alt", Role::Alternate, StandbyKind::Hot, Handshake::None, {"alt.service"}),
        makePairedGroup("slow", Role::Alternate, StandbyKind::Hot, Handshake::None, {"slow.service"}),
    }));
    h.neverReady.insert("slow.service");
    h.boot();
    ASSERT_EQ(h.state("slow"), S::Init);
    EXPECT_EQ(h.engine->activate("prim").error, OperatorError::InvalidState) << "already active";
    EXPECT_EQ(h.engine->deactivate("alt").error, OperatorError::InvalidState) << "already standby";
    EXPECT_EQ(h.engine->activate("slow").error, OperatorError::InvalidState) << "still starting";
    EXPECT_EQ(h.engine->deactivate("slow").error, OperatorError::InvalidState) << "still starting";

    ASSERT_EQ(h.run(h.engine->offline("alt")), OperatorError::None);
    EXPECT_EQ(h.engine->activate("alt").error, OperatorError::InvalidState) << "offline";
    EXPECT_EQ(h.state("prim"), S::Active);
    EXPECT_EQ(h.state("alt"), S::Offline);
}

// ---- faults reported by the application ------------------------------------

TEST(Operator, ReportedProcessFaultRestartsThatProcessOnly)
{
    Harness h(appConfig());
    h.boot();
    h.advance(seconds(7));
    h.clearLog();
    EXPECT_EQ(report(h, "billing", Recovery::RestartProcess, "db.service"), OperatorError::None);
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess});
    EXPECT_EQ(h.actionsOf<RestartUnit>().size(), 1u);
    EXPECT_EQ(h.started(), std::vector<std::string>{"db.service"});
    EXPECT_EQ(h.state("billing"), S::Active);
    EXPECT_EQ(h.group("billing").incarnation, 1u);
    EXPECT_EQ(h.group("billing").lastFault, "application reported: queue stuck");
    EXPECT_EQ(h.group("billing").lastFaultAt, h.clock.now());
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("billing")), 1u);
}

TEST(Operator, ReportedProcessFaultNamesAMember)
{
    Harness h(appConfig());
    h.boot();
    h.clearLog();
    for (const char* unit : {"reports.service", "", "stranger.service"}) {
        OperatorResult r = h.engine->reportFault("billing", Recovery::RestartProcess, unit, "x");
        EXPECT_EQ(r.error, OperatorError::InvalidArgument) << unit;
        EXPECT_NE(r.message.find("is not a member of group 'billing'"), std::string::npos) << r.message;
        EXPECT_TRUE(r.actions.empty());
    }
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("billing")), 0u);
    EXPECT_TRUE(h.group("billing").lastFault.empty());
}

TEST(Operator, ReportedProcessFaultsBeyondTheBudgetRestartTheGroup)
{
    Harness h(appConfig());
    h.boot();
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(report(h, "billing", Recovery::RestartProcess, "api.service"), OperatorError::None);
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::RestartProcess, Step::RestartProcess, Step::RestartProcess}));
    h.clearLog();
    EXPECT_EQ(report(h, "billing", Recovery::RestartProcess, "api.service"), OperatorError::None);
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartGroup});
    EXPECT_EQ(h.started(), (std::vector<std::string>{"api.service", "db.service"}));
    EXPECT_EQ(h.group("billing").incarnation, 2u);
    EXPECT_EQ(h.state("billing"), S::Active);
}

TEST(Operator, ReportedGroupFaultRestartsEveryMemberIntoANewIncarnation)
{
    Harness h(appConfig());
    h.boot();
    h.clearLog();
    EXPECT_EQ(report(h, "billing", Recovery::RestartGroup), OperatorError::None);
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartGroup});
    EXPECT_EQ(h.actionsOf<RestartUnit>().size(), 2u);
    EXPECT_EQ(h.statesOf("billing"), (std::vector<S>{S::Init, S::Active}));
    EXPECT_EQ(h.group("billing").incarnation, 2u);
    EXPECT_EQ(h.engine->groupRestartsInWindow(h.group("billing")), 1u);
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("billing")), 0u);
    EXPECT_EQ(h.state("reports"), S::Active) << "a group restart leaves dependents alone";
}

TEST(Operator, ReportedGroupFaultsBeyondTheBudgetTakeItOutOfService)
{
    Harness h(appConfig());
    h.boot();
    ASSERT_EQ(report(h, "billing", Recovery::RestartGroup), OperatorError::None);
    ASSERT_EQ(report(h, "billing", Recovery::RestartGroup), OperatorError::None);
    h.clearLog();
    EXPECT_EQ(report(h, "billing", Recovery::RestartGroup), OperatorError::None);
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::OutOfService});
    EXPECT_EQ(h.state("billing"), S::Unavailable);
    EXPECT_TRUE(h.group("billing").held);
    EXPECT_EQ(h.state("reports"), S::Unavailable);
    EXPECT_FALSE(h.rebooted);
}

TEST(Operator, ReportedOutOfServiceTakesTheGroupAndItsDependentsDown)
{
    Harness h(appConfig());
    h.boot();
    h.clearLog();
    EXPECT_EQ(report(h, "billing", Recovery::OutOfService), OperatorError::None);
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::OutOfService});
    EXPECT_EQ(h.state("billing"), S::Unavailable);
    EXPECT_TRUE(h.group("billing").held);
    EXPECT_EQ(h.group("billing").holdReason, "application reported: queue stuck");
    EXPECT_EQ(h.state("reports"), S::Unavailable);
    EXPECT_FALSE(h.group("reports").held);
    EXPECT_EQ(h.state("other"), S::Active);
    EXPECT_EQ(h.state("base"), S::Active);
    EXPECT_EQ(h.actionsOf<StopUnit>().size(), 3u);
    EXPECT_TRUE(h.started().empty());
    EXPECT_EQ(h.engine->groupRestartsInWindow(h.group("billing")), 0u) << "no budget was spent on the way";
}

TEST(Operator, ReportedOutOfServiceOfAPlatformGroupReinitialisesTheHost)
{
    Harness h(appConfig());
    h.boot();
    h.clearLog();
    EXPECT_EQ(report(h, "base", Recovery::OutOfService), OperatorError::None);
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::ReinitHost});
    for (const char* g : {"base", "billing", "reports", "other"})
        EXPECT_EQ(h.statesOf(g), (std::vector<S>{S::Unavailable, S::Init, S::Active})) << g;
}

TEST(Operator, ReportedFaultInTheSystemLayerTakesEverythingDownAndReboots)
{
    for (Recovery recovery : {Recovery::RestartProcess, Recovery::RestartGroup, Recovery::OutOfService}) {
        Config c = appConfig();
        c.groups.insert(c.groups.begin(), makeGroup("os", Layer::System, {"journal.service"}));
        Harness h(std::move(c));
        h.boot();
        h.clearLog();
        EXPECT_EQ(report(h, "os", recovery, "journal.service"), OperatorError::None) << toString(recovery);
        EXPECT_EQ(h.steps(), (std::vector<Step>{Step::OutOfService, Step::Reboot})) << toString(recovery);
        EXPECT_TRUE(h.rebooted) << toString(recovery);
        EXPECT_TRUE(h.started().empty()) << toString(recovery);
        for (const char* g : {"os", "base", "billing"})
            EXPECT_EQ(h.state(g), S::Unavailable) << g << " after " << toString(recovery);
    }
}

TEST(Operator, FaultsAreReportedOnlyForGroupsThatAreUp)
{
    Config c = appConfig();
    c.groups[3].restartable = false;  // "other": the first fault takes it out of service
    Harness h(std::move(c));
    h.neverReady.insert("base.service");
    h.boot();

    // Init counts as up: a starting group can fail too.
    ASSERT_EQ(h.state("base"), S::Init);
    h.neverReady.clear();
    h.clearLog();
    EXPECT_EQ(report(h, "base", Recovery::RestartGroup), OperatorError::None);
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartGroup});
    ASSERT_EQ(h.state("other"), S::Active);

    ASSERT_EQ(report(h, "other", Recovery::RestartGroup), OperatorError::None);
    ASSERT_EQ(h.state("other"), S::Unavailable);
    ASSERT_EQ(h.run(h.engine->offline("reports")), OperatorError::None);
    h.clearLog();
    for (const char* g : {"other", "reports"}) {
        OperatorResult r = h.engine->reportFault(g, Recovery::OutOfService, "", "late");
        EXPECT_EQ(r.error, OperatorError::InvalidState) << g;
        EXPECT_NE(r.message.find("only a running group can report a fault"), std::string::npos) << r.message;
        EXPECT_TRUE(r.actions.empty()) << g;
    }
    EXPECT_EQ(h.engine->reportFault("nothing", Recovery::OutOfService, "", "x").error, OperatorError::NoSuchGroup);
    EXPECT_TRUE(h.steps().empty());
}

TEST(Operator, ReportedGroupFaultOfAColdStandbyStartsNoProcess)
{
    Harness h(makeConfig({makePairedGroup("cold", Role::Alternate, StandbyKind::Cold, Handshake::None, {"c.service"})}));
    h.boot();
    ASSERT_EQ(h.state("cold"), S::Standby);
    // Refused or carried out, either way a cold standby must stay cold.
    h.process(h.engine->reportFault("cold", Recovery::RestartGroup, "", "x").actions);
    EXPECT_TRUE(h.started().empty()) << "a cold standby runs nothing, even after a restart";
    EXPECT_TRUE(h.running.empty());
    EXPECT_EQ(h.state("cold"), S::Standby);
}

TEST(Operator, RecoveryNames)
{
    for (Recovery r : {Recovery::RestartProcess, Recovery::RestartGroup, Recovery::OutOfService})
        EXPECT_EQ(recoveryFromString(toString(r)), r) << toString(r);
    EXPECT_STREQ(toString(Recovery::RestartProcess), "restart-process");
    EXPECT_STREQ(toString(Recovery::RestartGroup), "restart-group");
    EXPECT_STREQ(toString(Recovery::OutOfService), "out-of-service");
    EXPECT_FALSE(recoveryFromString("reboot"));
    EXPECT_FALSE(recoveryFromString("Restart-Process"));
    EXPECT_FALSE(recoveryFromString(""));
    EXPECT_STREQ(toString(OperatorError::StaleIncarnation), "stale-incarnation");
    EXPECT_STREQ(toString(OperatorError::InvalidArgument), "invalid-argument");
}

// ---- forgetting failures ------------------------------------------------------

TEST(Operator, ResetFailedForgetsCountersAndTheFaultButKeepsAHold)
{
    Harness h(appConfig());
    h.boot();
    for (int i = 0; i < 6; ++i)  // 3 process restarts, 2 group restarts, out of service
        h.kill("api.service");
    ASSERT_EQ(h.steps().back(), Step::OutOfService);
    ASSERT_TRUE(h.group("billing").held);
    ASSERT_EQ(h.engine->groupRestartsInWindow(h.group("billing")), 2u);
    h.engine->takeDirty();

    h.clearLog();
    EXPECT_EQ(h.run(h.engine->resetFailed("billing")), OperatorError::None);
    const GroupRuntime& g = h.group("billing");
    EXPECT_EQ(h.engine->processRestartsInWindow(g), 0u);
    EXPECT_EQ(h.engine->groupRestartsInWindow(g), 0u);
    EXPECT_TRUE(g.lastFault.empty());
    EXPECT_FALSE(g.lastFaultAt);
    EXPECT_TRUE(h.engine->takeDirty()) << "the cleared counters must be persisted";
    EXPECT_TRUE(g.held) << "taking it back into service is a separate decision";
    EXPECT_FALSE(g.holdReason.empty());
    EXPECT_EQ(h.state("billing"), S::Unavailable);
    EXPECT_TRUE(h.started().empty());
    EXPECT_EQ(h.engine->resetFailed("nothing").error, OperatorError::NoSuchGroup);
}

TEST(Operator, ResetFailedLetsTheLadderStartOverAtTheFirstStep)
{
    Harness h(appConfig());
    h.boot();
    for (int i = 0; i < 3; ++i)
        h.kill("api.service");
    ASSERT_EQ(h.engine->processRestartsInWindow(h.group("billing")), 3u);
    ASSERT_EQ(h.run(h.engine->resetFailed("billing")), OperatorError::None);
    h.clearLog();
    h.kill("api.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess}) << "without the reset: restart-group";
    EXPECT_EQ(h.state("billing"), S::Active);
}

TEST(Operator, ResetFailedAllClearsHostCountersAndExhaustion)
{
    Config c = appConfig();
    c.manager.reboots = {2, hours(1)};
    Harness h(std::move(c));
    PersistedState spent;
    spent.reboots = {h.clock.now() - minutes(20), h.clock.now() - minutes(10)};
    spent.hostReinits = {h.clock.now() - minutes(5)};
    spent.totalReboots = 2;
    h.restore(spent);
    h.boot();
    ASSERT_EQ(h.state("billing"), S::Active);

    // 3 process restarts, 2 group restarts; then re-init and reboot budgets are spent.
    for (int i = 0; i < 6; ++i)
        h.kill("base.service");
    ASSERT_EQ(h.steps().back(), Step::Exhausted);
    ASSERT_TRUE(h.engine->escalationExhausted());
    ASSERT_EQ(h.state("base"), S::Unavailable);
    ASSERT_EQ(h.state("billing"), S::Unavailable);
    EXPECT_FALSE(h.rebooted);

    h.clearLog();
    EXPECT_EQ(h.run(h.engine->resetFailedAll()), OperatorError::None);
    EXPECT_FALSE(h.engine->escalationExhausted());
    EXPECT_EQ(h.engine->rebootsInWindow(), 0u);
    EXPECT_EQ(h.engine->totalReboots(), 2u) << "the total is history, not a budget";
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("base")), 0u);
    EXPECT_EQ(h.engine->groupRestartsInWindow(h.group("base")), 0u);
    EXPECT_FALSE(h.actionsOf<ManagerUpdated>().empty());
    EXPECT_TRUE(h.group("base").held) << "a hold stays until the operator brings it online";

    // Brought online, the group starts again and its dependents follow.
    ASSERT_EQ(h.run(h.engine->online("base")), OperatorError::None);
    EXPECT_EQ(h.state("base"), S::Active);
    EXPECT_EQ(h.state("billing"), S::Active);
    EXPECT_EQ(h.state("reports"), S::Active);

    // The whole ladder is there again: the host re-initialisation is back too.
    h.clearLog();
    for (int i = 0; i < 6; ++i)
        h.kill("base.service");
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::RestartProcess, Step::RestartProcess, Step::RestartProcess,
                                            Step::RestartGroup, Step::RestartGroup, Step::ReinitHost}));
    EXPECT_EQ(h.state("base"), S::Active);
}

TEST(Operator, ResetFailedAllAfterAFailedRebootLetsTheHostRebootAgain)
{
    Config c = appConfig();
    c.groups.insert(c.groups.begin(), makeGroup("os", Layer::System, {"journal.service"}));
    Harness h(std::move(c));
    h.boot();
    h.kill("journal.service");
    ASSERT_TRUE(h.rebooted);
    h.process(h.engine->onRebootFailed("systemd refused"));
    ASSERT_TRUE(h.engine->escalationExhausted());

    EXPECT_EQ(h.run(h.engine->resetFailedAll()), OperatorError::None);
    EXPECT_FALSE(h.engine->escalationExhausted());
    EXPECT_EQ(h.engine->rebootsInWindow(), 0u);
    for (const char* g : {"os", "base", "billing", "reports", "other"})
        ASSERT_EQ(h.run(h.engine->online(g)), OperatorError::None) << g;
    EXPECT_EQ(h.state("os"), S::Active);
    EXPECT_EQ(h.state("reports"), S::Active);

    h.rebooted = false;
    h.clearLog();
    h.kill("journal.service");
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::OutOfService, Step::Reboot}));
    EXPECT_TRUE(h.rebooted);
}

// ---- what a group remembers ---------------------------------------------------

TEST(Operator, StateSinceFollowsEveryTransition)
{
    Harness h(appConfig());
    EXPECT_FALSE(h.group("billing").stateSince) << "pgmd has not run it yet";
    const TimePoint booted = h.clock.now();
    h.boot();
    EXPECT_EQ(h.group("billing").stateSince, booted);
    h.advance(seconds(42));
    EXPECT_EQ(h.group("billing").stateSince, booted) << "time passing is no transition";
    h.kill("api.service");
    EXPECT_EQ(h.group("billing").stateSince, booted) << "a process restart is no transition";
    ASSERT_EQ(h.run(h.engine->offline("billing")), OperatorError::None);
    EXPECT_EQ(h.group("billing").stateSince, booted + seconds(42));
    EXPECT_EQ(h.group("reports").stateSince, booted + seconds(42));
    EXPECT_EQ(h.group("other").stateSince, booted);
}

TEST(Operator, EveryFaultIsStampedWithItsTime)
{
    Config c = appConfig();
    c.resources = {makeResource("spool")};
    c.groups[3].resources = {"spool"};  // "other"
    Harness h(std::move(c));
    h.boot();
    EXPECT_FALSE(h.group("billing").lastFaultAt);

    h.advance(seconds(3));
    h.kill("api.service");
    EXPECT_EQ(h.group("billing").lastFaultAt, h.clock.now());

    h.advance(seconds(3));
    ASSERT_EQ(report(h, "billing", Recovery::RestartProcess, "db.service"), OperatorError::None);
    EXPECT_EQ(h.group("billing").lastFaultAt, h.clock.now());

    // A failed resource check is a fault of every group that uses it.
    h.advance(seconds(1));
    h.resourceHealthy["spool"] = false;
    h.process(h.engine->onResourceChecked("spool", false, "missing"));
    ASSERT_EQ(h.state("other"), S::Unavailable);
    EXPECT_EQ(h.group("other").lastFault, "resource spool failed: missing");
    EXPECT_EQ(h.group("other").lastFaultAt, h.clock.now());
}

TEST(Operator, RecentStepsKeepTheNewestSixteenForTheirGroupOnly)
{
    Harness h(appConfig());
    h.boot();
    std::vector<TimePoint> when;
    for (int i = 0; i < 20; ++i) {
        h.kill("api.service");
        when.push_back(h.clock.now());
        h.advance(minutes(2));  // slow enough never to spend the budget
    }
    const auto& recent = h.group("billing").recentSteps;
    ASSERT_EQ(recent.size(), kRecentSteps);
    EXPECT_EQ(recent.front().at, when[20 - kRecentSteps]);
    EXPECT_EQ(recent.back().at, when.back());
    for (const StepRecord& r : recent) {
        EXPECT_EQ(r.step, Step::RestartProcess);
        EXPECT_EQ(r.reason, "api.service failed (Result=signal)");
    }
    EXPECT_TRUE(h.group("reports").recentSteps.empty());
    EXPECT_TRUE(h.group("base").recentSteps.empty());
}

// pgmctl restart GROUP UNIT: the operator's restart of one member.
TEST(RestartMember, RestartsOneMemberWithoutCounting)
{
    Harness h(makeConfig({makeGroup("g", Layer::Application, {"a.service", "b.service"})}));
    h.boot();
    h.clearLog();
    const std::uint64_t incarnation = h.group("g").incarnation;
    EXPECT_EQ(h.run(h.engine->restartMember("g", "a.service")), OperatorError::None);
    EXPECT_EQ(h.started(), std::vector<std::string>{"a.service"});
    EXPECT_TRUE(h.steps().empty());
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("g")), 0u);
    EXPECT_EQ(h.group("g").incarnation, incarnation);
    EXPECT_EQ(h.state("g"), GroupState::Active);
}

TEST(RestartMember, RefusesWhatItCannotDo)
{
    Harness h(makeConfig({makeGroup("g", Layer::Application, {"a.service"})}));
    h.boot();
    EXPECT_EQ(h.engine->restartMember("nope", "a.service").error, OperatorError::NoSuchGroup);
    const OperatorResult notMember = h.engine->restartMember("g", "x.service");
    EXPECT_EQ(notMember.error, OperatorError::InvalidArgument);
    EXPECT_EQ(notMember.message, "x.service is not a member of group g");
    EXPECT_EQ(h.run(h.engine->offline("g")), OperatorError::None);
    const OperatorResult offline = h.engine->restartMember("g", "a.service");
    EXPECT_EQ(offline.error, OperatorError::InvalidState);
    EXPECT_TRUE(offline.actions.empty());
}

// A deactivated cold standby must be seen to stop: in a pair, its mate takes
// over only once it is down.
TEST(Operator, ColdStandbyMemberThatDoesNotStopOnDeactivationIsNoticed)
{
    Harness h(makeConfig(
        {makePairedGroup("cold", Role::Alternate, StandbyKind::Cold, Handshake::None, {"a.service", "b.service"})}));
    h.boot();
    ASSERT_EQ(h.run(h.engine->activate("cold")), OperatorError::None);
    ASSERT_EQ(h.state("cold"), S::Active);
    h.stuckStops.insert("b.service");
    h.clearLog();
    ASSERT_EQ(h.run(h.engine->deactivate("cold")), OperatorError::None);
    EXPECT_EQ(h.state("cold"), S::Standby);
    h.advance(h.config.manager.stopTimeout + seconds(1));
    EXPECT_NE(h.group("cold").lastFault.find("b.service did not stop"), std::string::npos) << h.group("cold").lastFault;
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::ReinitHost});
}
