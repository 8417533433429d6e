// The escalation ladder, per layer (seed 003; DESIGN.md section 1, steps 1-5).
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

} // namespace

TEST(Ladder, ProcessRestartThenGroupRestartThenOutOfServiceWithDependents)
{
    Harness h(appConfig());
    h.boot();
    ASSERT_EQ(h.state("billing"), S::Active);
    ASSERT_EQ(h.state("reports"), S::Active);
    const auto incarnation = h.group("billing").incarnation;

    // Step 1: three process restarts (the default 3 in 5 min), group stays active.
    for (int i = 0; i < 3; ++i) {
        h.clearLog();
        h.kill("api.service");
        EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess});
        EXPECT_EQ(h.started(), std::vector<std::string>{"api.service"});
        EXPECT_EQ(h.state("billing"), S::Active);
        h.advance(seconds(10));
    }
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("billing")), 3u);
    EXPECT_EQ(h.group("billing").incarnation, incarnation);

    // Step 2: the fourth failure restarts the whole group, every member, back to active.
    h.clearLog();
    h.kill("api.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartGroup});
    EXPECT_EQ(h.started(), (std::vector<std::string>{"api.service", "db.service"}));
    EXPECT_EQ(h.statesOf("billing"), (std::vector<S>{S::Init, S::Active}));
    EXPECT_EQ(h.group("billing").incarnation, incarnation + 1);
    EXPECT_EQ(h.state("reports"), S::Active) << "a group restart leaves dependents alone";

    h.advance(seconds(10));
    h.kill("db.service");  // db's own budget is untouched: a process restart
    EXPECT_EQ(h.steps().back(), Step::RestartProcess);
    h.kill("api.service");  // second group restart (2 in 15 min)
    EXPECT_EQ(h.steps().back(), Step::RestartGroup);

    // Step 3: out of service, held, dependents taken down (not held), others untouched.
    h.clearLog();
    h.kill("api.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::OutOfService});
    EXPECT_EQ(h.state("billing"), S::Unavailable);
    EXPECT_TRUE(h.group("billing").held);
    EXPECT_EQ(h.state("reports"), S::Unavailable);
    EXPECT_FALSE(h.group("reports").held);
    EXPECT_EQ(h.state("other"), S::Active);
    EXPECT_EQ(h.state("base"), S::Active);
    EXPECT_FALSE(h.running.count("db.service"));
    EXPECT_FALSE(h.running.count("reports.service"));
    EXPECT_FALSE(h.rebooted);

    // It stays down; an operator restart brings it and its dependent back.
    h.advance(minutes(1));
    EXPECT_EQ(h.state("billing"), S::Unavailable);
    auto r = h.engine->restart("billing");
    ASSERT_EQ(r.error, OperatorError::None);
    h.process(r.actions);
    EXPECT_EQ(h.state("billing"), S::Active);
    EXPECT_EQ(h.state("reports"), S::Active);
}

TEST(Ladder, OnlineAfterOutOfServiceGivesFreshBudgets)
{
    Harness h(appConfig());
    h.boot();
    // 3 process restarts, then 2 group restarts, then out of service.
    for (int i = 0; i < 6; ++i) {
        h.kill("api.service");
        h.advance(seconds(10));
    }
    ASSERT_TRUE(h.group("billing").held);
    ASSERT_EQ(h.steps().back(), Step::OutOfService);

    auto r = h.engine->online("billing");
    ASSERT_EQ(r.error, OperatorError::None) << r.message;
    h.process(r.actions);
    ASSERT_EQ(h.state("billing"), S::Active);
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("billing")), 0u);
    EXPECT_EQ(h.engine->groupRestartsInWindow(h.group("billing")), 0u);
    EXPECT_FALSE(h.group("billing").lastFault.empty()) << "the last fault stays shown until reset-failed";

    // The next single fault is a process restart, not out of service again.
    h.clearLog();
    h.kill("api.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess});
    EXPECT_EQ(h.state("billing"), S::Active);
}

TEST(Ladder, CountersDecaySoOldFaultsDoNotEscalate)
{
    Harness h(appConfig());
    h.boot();
    for (int i = 0; i < 10; ++i) {
        h.clearLog();
        h.kill("api.service");
        EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartProcess}) << "failure " << i;
        h.advance(minutes(2));  // 3 in 5 min is never reached at this pace
    }
    EXPECT_EQ(h.state("billing"), S::Active);
}

TEST(Ladder, NonRestartableProcessGoesStraightToGroupRestart)
{
    Config c = appConfig();
    c.groups[1].members[0].restartable = false;
    Harness h(std::move(c));
    h.boot();
    h.kill("api.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::RestartGroup});
}

TEST(Ladder, NonRestartableApplicationGroupGoesStraightOutOfService)
{
    Config c = appConfig();
    c.groups[1].restartable = false;
    Harness h(std::move(c));
    h.boot();
    h.kill("db.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::OutOfService});
    EXPECT_EQ(h.state("billing"), S::Unavailable);
}

TEST(Ladder, GroupThatCannotBeTakenOutOfServiceReinitialisesTheHost)
{
    Config c = appConfig();
    c.groups[1].restartable = false;
    Harness h(std::move(c));
    h.boot();
    h.stuckStops.insert("api.service");
    h.kill("db.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::OutOfService});
    h.stuckStops.clear();
    h.clearLog();
    h.advance(h.config.manager.stopTimeout);
    ASSERT_FALSE(h.steps().empty());
    EXPECT_EQ(h.steps().front(), Step::ReinitHost);
    EXPECT_NE(h.group("billing").lastFault.find("api.service did not stop"), std::string::npos);
}

TEST(Ladder, PlatformFailureReinitialisesHostThenReboots)
{
    Harness h(appConfig());
    h.boot();
    // Exhaust base's process (3) and group (2) restarts.
    for (int i = 0; i < 5; ++i)
        h.kill("base.service");
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::RestartProcess, Step::RestartProcess, Step::RestartProcess,
                                            Step::RestartGroup, Step::RestartGroup}));
    // Step 4: all platform and application groups go down and come back in order.
    h.clearLog();
    h.kill("base.service");
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::ReinitHost});
    for (const char* g : {"base", "billing", "reports", "other"}) {
        EXPECT_EQ(h.statesOf(g), (std::vector<S>{S::Unavailable, S::Init, S::Active})) << g;
        EXPECT_EQ(h.state(g), S::Active) << g;
    }
    // Platform before application: base's start precedes every application unit.
    auto started = h.started();
    ASSERT_FALSE(started.empty());
    EXPECT_EQ(started.front(), "base.service");

    // Step 5: the re-init budget (1 in 30 min) is spent: the next platform failure reboots.
    h.clearLog();
    h.kill("base.service");  // process budget still full, group budget still full
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::Reboot});
    EXPECT_TRUE(h.rebooted);
    EXPECT_EQ(h.engine->rebootsInWindow(), 1u);
    EXPECT_EQ(h.engine->totalReboots(), 1u);
}

TEST(Ladder, SystemLayerFailureTakesEverythingDownThenReboots)
{
    Config c = appConfig();
    c.groups.insert(c.groups.begin(), makeGroup("os", Layer::System, {"journal.service"}));
    Harness h(std::move(c));
    h.boot();
    ASSERT_EQ(h.state("os"), S::Active);
    h.kill("journal.service");
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::OutOfService, Step::Reboot}));
    for (const char* g : {"os", "base", "billing", "reports", "other"})
        EXPECT_EQ(h.state(g), S::Unavailable) << g;
    EXPECT_TRUE(h.rebooted);
    EXPECT_EQ(h.started().size(), 6u) << "nothing is restarted after a system-layer failure";
}

TEST(Ladder, RebootBudgetSpentStopsEscalatingAndSaysSo)
{
    Config c = appConfig();
    c.groups.insert(c.groups.begin(), makeGroup("os", Layer::System, {"journal.service"}));
    c.manager.reboots = {2, hours(1)};
    PersistedState before;
    before.reboots = {TimePoint{0}, TimePoint{0}};  // placeholders, replaced below
    Harness h(std::move(c));
    const TimePoint now = h.clock.now();
    before.reboots = {now - minutes(20), now - minutes(10)};
    before.totalReboots = 2;
    h.restore(before);
    h.boot();
    h.kill("journal.service");
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::OutOfService, Step::Exhausted}));
    EXPECT_FALSE(h.rebooted);
    EXPECT_TRUE(h.engine->escalationExhausted());
    EXPECT_EQ(h.state("os"), S::Unavailable);
    EXPECT_TRUE(h.group("os").held);
    EXPECT_EQ(h.engine->totalReboots(), 2u);

    // Once the window has passed, the budget is there again.
    Harness later(appConfig());
    later.clock.wall = now + hours(1);
    later.restore(before);
    EXPECT_EQ(later.engine->rebootsInWindow(), 0u);
}

TEST(Ladder, ActivationTimeoutMakesGroupUnavailable)
{
    Harness h(appConfig());
    h.neverReady.insert("db.service");
    h.boot();
    EXPECT_EQ(h.state("billing"), S::Init);
    EXPECT_EQ(h.state("reports"), S::Unavailable) << "waits for billing";
    h.advance(seconds(29));
    EXPECT_EQ(h.state("billing"), S::Init);
    h.advance(seconds(1));
    EXPECT_EQ(h.state("billing"), S::Unavailable);
    EXPECT_TRUE(h.group("billing").held);
    EXPECT_NE(h.group("billing").lastFault.find("activation timeout: db.service"), std::string::npos);
    EXPECT_EQ(h.state("reports"), S::Unavailable);
    EXPECT_FALSE(h.rebooted);
}

TEST(Ladder, FailedStartJobEntersTheLadder)
{
    Harness h(appConfig());
    h.failingStarts.insert("other.service");
    h.boot();
    // 3 process restarts, 2 group restarts, then out of service: never a loop.
    EXPECT_EQ(h.state("other"), S::Unavailable);
    EXPECT_EQ(h.steps().back(), Step::OutOfService);
    EXPECT_EQ(h.state("billing"), S::Active);
}

// systemctl restart or stop of a member: jobs pgmd did not start are no faults.
TEST(OutsideJobs, RestartFromOutsideIsWaitedForAndNotCounted)
{
    Harness h(makeConfig({makeGroup("g", Layer::Application, {"a.service", "b.service"})}));
    h.boot();
    h.clearLog();
    h.process(h.engine->onOutsideJob("a.service", 42));
    h.process(h.engine->onUnitChanged("a.service", UnitActivity::Deactivating, "deactivating"));
    h.process(h.engine->onUnitChanged("a.service", UnitActivity::Activating, "activating"));
    h.process(h.engine->onUnitChanged("a.service", UnitActivity::Active, "active"));
    h.process(h.engine->onOutsideJobFinished("a.service", 42, "done", UnitActivity::Active));
    EXPECT_TRUE(h.steps().empty());
    EXPECT_TRUE(h.started().empty()) << "pgmd does not race the operator's restart";
    EXPECT_EQ(h.state("g"), GroupState::Active);
    // The member is running again as far as pgmd knows: its next crash counts.
    h.kill("a.service");
    EXPECT_EQ(h.steps(), std::vector<EscalationStep>{EscalationStep::RestartProcess});
}

TEST(OutsideJobs, StopFromOutsideTakesTheGroupOutOfServiceWithoutCounting)
{
    Harness h(makeConfig({makeGroup("g", Layer::Application, {"a.service", "b.service"}),
                          makeGroup("d", Layer::Application, {"d.service"}, {"g"})}));
    h.boot();
    h.clearLog();
    h.process(h.engine->onOutsideJob("a.service", 7));
    h.process(h.engine->onUnitChanged("a.service", UnitActivity::Inactive, "inactive"));
    h.process(h.engine->onOutsideJobFinished("a.service", 7, "done", UnitActivity::Inactive));
    EXPECT_TRUE(h.steps().empty()) << "no budget spent";
    EXPECT_EQ(h.state("g"), GroupState::Unavailable);
    EXPECT_TRUE(h.group("g").held);
    EXPECT_NE(h.group("g").holdReason.find("a.service stopped outside pgmd (systemd job 7"), std::string::npos);
    EXPECT_EQ(h.state("d"), GroupState::Unavailable) << "dependents follow";
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("g")), 0u);
    // Online brings it back.
    EXPECT_EQ(h.run(h.engine->online("g")), OperatorError::None);
    EXPECT_EQ(h.state("g"), GroupState::Active);
}

TEST(OutsideJobs, AFailedRestartFromOutsideIsAFault)
{
    Harness h(makeConfig({makeGroup("g", Layer::Application, {"a.service"})}));
    h.boot();
    h.clearLog();
    h.process(h.engine->onOutsideJob("a.service", 9));
    h.process(h.engine->onOutsideJobFinished("a.service", 9, "failed", UnitActivity::Failed));
    EXPECT_EQ(h.steps(), std::vector<EscalationStep>{EscalationStep::RestartProcess});
}

// A system-layer failure leaves the OS's own units running; so does the
// point where the reboot budget is spent.
TEST(Ladder, SpentRebootBudgetLeavesSystemUnitsRunning)
{
    Config c = makeConfig({makeGroup("os", Layer::System, {"journal.service", "udev.service"}),
                           makeGroup("app", Layer::Application, {"app.service"})});
    c.manager.reboots = {0, hours(1)};
    Harness h(std::move(c));
    h.boot();
    h.clearLog();
    h.kill("journal.service");
    EXPECT_EQ(h.steps(), (std::vector<Step>{Step::OutOfService, Step::Exhausted}));
    for (const StopUnit& s : h.actionsOf<StopUnit>())
        EXPECT_NE(s.unit, "udev.service") << "a system unit was stopped";
    EXPECT_TRUE(h.running.count("udev.service"));
    EXPECT_EQ(h.state("os"), S::Unavailable);
    EXPECT_TRUE(h.group("os").held);
    EXPECT_FALSE(h.running.count("app.service")) << "higher layers still go down";
}
