// Faults in the surroundings: clock steps, a refused reboot, restarts that
// never become ready, resources failing while pgmd was away.
#include "harness.hpp"

using namespace pgmd;
using namespace pgmd::test;
using namespace std::chrono;
using S = GroupState;
using Step = EscalationStep;

namespace {

Config oneApp()
{
    return makeConfig({makeGroup("app", Layer::Application, {"a.service", "b.service"})});
}

} // namespace

TEST(Robustness, WallClockStepForwardFiresNoDeadline)
{
    Harness h(oneApp());
    h.neverReady.insert("b.service");
    h.boot();
    ASSERT_EQ(h.state("app"), S::Init);
    h.clock.stepWallClock(hours(24 * 365));  // e.g. the first NTP sync of a board without RTC
    h.advance(seconds(1));
    EXPECT_EQ(h.state("app"), S::Init) << "the activation timeout runs on monotonic time";
    h.advance(seconds(29));
    EXPECT_EQ(h.state("app"), S::Unavailable);
}

TEST(Robustness, WallClockStepBackDoesNotKeepCountersSpent)
{
    Harness h(oneApp());
    h.boot();
    h.kill("a.service");
    ASSERT_EQ(h.engine->processRestartsInWindow(h.group("app")), 1u);
    h.clock.stepWallClock(-hours(24));
    h.advance(minutes(5));
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("app")), 0u)
        << "a restart stamped in the future counts from the step, not for a day";
}

TEST(Robustness, DecayingCountersArePublishedWhenTheyDecay)
{
    Harness h(oneApp());
    h.boot();
    h.kill("a.service");
    h.clearLog();
    h.advance(minutes(4));
    EXPECT_TRUE(h.actionsOf<GroupUpdated>().empty());
    h.advance(minutes(1));
    EXPECT_EQ(h.actionsOf<GroupUpdated>().size(), 1u);
    EXPECT_EQ(h.engine->processRestartsInWindow(h.group("app")), 0u);
    EXPECT_FALSE(h.engine->nextDeadline().has_value()) << "nothing left to wake up for";
}

TEST(Robustness, RefusedRebootEndsInExhaustedNotInAFrozenEngine)
{
    Config c = oneApp();
    c.groups.push_back(makeGroup("os", Layer::System, {"os.service"}));
    Harness h(std::move(c));
    h.boot();
    h.kill("os.service");
    ASSERT_TRUE(h.rebooted);
    h.clearLog();
    h.process(h.engine->onRebootFailed("Access denied"));
    EXPECT_EQ(h.steps(), std::vector<Step>{Step::Exhausted});
    EXPECT_TRUE(h.engine->escalationExhausted());
    EXPECT_EQ(h.state("os"), S::Unavailable);
    // Operators can still act, and the engine still runs.
    for (const char* g : {"os", "app"}) {
        auto r = h.engine->restart(g);
        ASSERT_EQ(r.error, OperatorError::None);
        h.process(r.actions);
        EXPECT_EQ(h.state(g), S::Active) << g;
    }
}

TEST(Robustness, ExhaustedStaysExhaustedUntilAnOperatorActs)
{
    Config c = oneApp();
    c.groups.push_back(makeGroup("os", Layer::System, {"os.service"}));
    c.manager.reboots = {1, hours(1)};
    Harness h(std::move(c));
    PersistedState before;
    before.reboots = {h.clock.now() - minutes(10)};
    h.restore(before);
    h.boot();
    h.kill("os.service");
    ASSERT_TRUE(h.engine->escalationExhausted());
    ASSERT_FALSE(h.rebooted);
    // The window passes; the flag and the decision stand until acknowledged.
    h.advance(hours(2));
    EXPECT_TRUE(h.engine->escalationExhausted());
    h.process(h.engine->online("os").actions);
    EXPECT_FALSE(h.engine->escalationExhausted());
    EXPECT_EQ(h.state("os"), S::Active);
}

TEST(Robustness, ActivationTimeoutEscalatesByLayer)
{
    GroupSpec plat = makeGroup("plat", Layer::Platform, {"p.service"});
    GroupSpec os = makeGroup("os", Layer::System, {"os.service"});
    {
        Harness h(makeConfig({plat, makeGroup("app", Layer::Application, {"a.service"})}));
        h.neverReady.insert("p.service");
        h.boot();
        h.advance(seconds(30));
        EXPECT_EQ(h.steps().front(), Step::ReinitHost) << "a platform group that never gets ready";
    }
    {
        Harness h(makeConfig({os}));
        h.neverReady.insert("os.service");
        h.boot();
        h.advance(seconds(60));
        EXPECT_EQ(h.steps(), (std::vector<Step>{Step::OutOfService, Step::Reboot}));
        EXPECT_TRUE(h.rebooted);
    }
}

TEST(Robustness, RestartedProcessThatNeverBecomesReadyIsAFault)
{
    Harness h(oneApp());
    h.boot();
    h.neverReady.insert("a.service");
    h.kill("a.service");
    EXPECT_EQ(h.state("app"), S::Active);
    h.clearLog();
    h.advance(seconds(30));
    ASSERT_FALSE(h.steps().empty());
    EXPECT_EQ(h.steps().front(), Step::RestartProcess);
    EXPECT_NE(h.group("app").lastFault.find("a.service not ready within"), std::string::npos);
}

TEST(Robustness, AdoptedGroupWhoseResourceFailedMeanwhileGoesOutOfService)
{
    GroupSpec app = makeGroup("app", Layer::Application, {"a.service"});
    app.resources = {"data"};
    Config c = makeConfig({app}, {makeResource("data")});
    Harness first(c);
    first.boot();
    const PersistedState saved = first.engine->snapshot();

    Harness second(c);
    second.restore(saved);
    second.resourceHealthy["data"] = false;
    second.boot({{"a.service", UnitActivity::Active}});
    EXPECT_EQ(second.state("app"), S::Unavailable);
    EXPECT_NE(second.group("app").lastFault.find("resource data failed"), std::string::npos);
}

TEST(Robustness, OnlineBringsBackAHeldGroup)
{
    Config c = oneApp();
    c.groups[0].restartable = false;
    Harness h(std::move(c));
    h.boot();
    h.kill("a.service");
    ASSERT_TRUE(h.group("app").held);
    auto r = h.engine->online("app");
    ASSERT_EQ(r.error, OperatorError::None) << r.message;
    h.process(r.actions);
    EXPECT_EQ(h.state("app"), S::Active);
    // Online again: the group is in service, nothing to do.
    auto again = h.engine->online("app");
    EXPECT_EQ(again.error, OperatorError::None);
    EXPECT_TRUE(again.actions.empty());
}
