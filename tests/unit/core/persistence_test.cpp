// What survives a pgmd restart or a reboot: counters, marks, incarnations, and
// running groups adopted without a restart.
#include "harness.hpp"

using namespace pgmd;
using namespace pgmd::test;
using namespace std::chrono;
using S = GroupState;
using Step = EscalationStep;

namespace {

Config cfg()
{
    return makeConfig({
        makeGroup("a", Layer::Application, {"a1.service", "a2.service"}),
        makeGroup("b", Layer::Application, {"b.service"}),
        makeGroup("c", Layer::Application, {"c.service"}),
    });
}

} // namespace

TEST(Persistence, RestartedPgmdAdoptsRunningGroupsAndKeepsCounters)
{
    Harness first(cfg());
    first.boot();
    first.kill("a1.service");
    first.kill("a1.service");
    auto off = first.engine->offline("c");
    first.process(off.actions);
    const PersistedState saved = first.engine->snapshot();
    EXPECT_EQ(saved.groups.at("a").processRestarts.at("a1.service").size(), 2u);
    EXPECT_TRUE(saved.groups.at("c").offline);

    Harness second(cfg());
    second.clock = first.clock;
    second.restore(saved);
    second.boot({{"a1.service", UnitActivity::Active}, {"a2.service", UnitActivity::Active},
                 {"b.service", UnitActivity::Active}});
    EXPECT_TRUE(second.started().empty()) << "nothing running is restarted";
    EXPECT_TRUE(second.actionsOf<StateChanged>().empty());
    EXPECT_EQ(second.actionsOf<GroupAdopted>().size(), 2u);
    EXPECT_EQ(second.state("a"), S::Active);
    EXPECT_EQ(second.state("c"), S::Offline);
    EXPECT_EQ(second.group("a").incarnation, first.group("a").incarnation);
    EXPECT_EQ(second.engine->processRestartsInWindow(second.group("a")), 2u);

    // The budget continues where it was: one more process restart, then the group.
    second.kill("a1.service");
    EXPECT_EQ(second.steps().back(), Step::RestartProcess);
    second.kill("a1.service");
    EXPECT_EQ(second.steps().back(), Step::RestartGroup);
}

TEST(Persistence, MemberThatDiedWhilePgmdWasDownIsRecovered)
{
    Harness first(cfg());
    first.boot();
    const PersistedState saved = first.engine->snapshot();
    Harness second(cfg());
    second.restore(saved);
    second.boot({{"a1.service", UnitActivity::Active}, {"a2.service", UnitActivity::Failed},
                 {"b.service", UnitActivity::Active}, {"c.service", UnitActivity::Active}});
    EXPECT_EQ(second.steps(), std::vector<Step>{Step::RestartProcess});
    EXPECT_EQ(second.started(), std::vector<std::string>{"a2.service"});
    EXPECT_EQ(second.state("a"), S::Active);
}

TEST(Persistence, SnapshotRoundTripsThroughRestore)
{
    Harness first(cfg());
    first.boot();
    first.kill("b.service");
    for (int i = 0; i < 6; ++i)
        first.kill("c.service");  // c ends out of service, held
    ASSERT_TRUE(first.group("c").held);
    const PersistedState saved = first.engine->snapshot();

    Harness second(cfg());
    second.clock = first.clock;
    second.restore(saved);
    PersistedState restored = second.engine->snapshot();
    // Before boot() the states are not yet adopted; everything else is back.
    for (auto& [name, g] : restored.groups)
        g.state = saved.groups.at(name).state;
    EXPECT_EQ(restored, saved);
    second.boot();
    EXPECT_EQ(second.state("c"), S::Unavailable) << "held groups stay down after a pgmd restart";
    EXPECT_FALSE(second.running.count("c.service"));
}

TEST(Persistence, RebootClearsHoldsButKeepsRebootCount)
{
    Config c = cfg();
    c.groups.push_back(makeGroup("os", Layer::System, {"os.service"}));
    Harness first(c);
    first.boot();
    first.kill("os.service");
    ASSERT_TRUE(first.rebooted);
    const PersistedState saved = first.engine->snapshot();
    EXPECT_EQ(saved.reboots.size(), 1u);
    EXPECT_EQ(saved.totalReboots, 1u);

    Harness afterReboot(c);
    afterReboot.clock = first.clock;
    afterReboot.clock.advance(minutes(2));
    afterReboot.restoreAfterReboot(saved);
    afterReboot.boot();  // nothing runs after a reboot
    for (const char* g : {"a", "b", "c", "os"})
        EXPECT_EQ(afterReboot.state(g), S::Active) << g;
    EXPECT_EQ(afterReboot.engine->rebootsInWindow(), 1u);
}

TEST(Persistence, AfterARebootGroupsStartAfreshWithoutFaults)
{
    Harness first(cfg());
    first.boot();
    for (int i = 0; i < 6; ++i)
        first.kill("c.service");  // c ends out of service, held
    first.process(first.engine->offline("b").actions);
    ASSERT_TRUE(first.group("c").held);
    const PersistedState saved = first.engine->snapshot();

    // The host rebooted (cleanly or not): nothing runs, and that is no fault.
    Harness next(cfg());
    next.clock = first.clock;
    next.restoreAfterReboot(saved);
    next.boot();
    EXPECT_TRUE(next.steps().empty());
    EXPECT_TRUE(next.actionsOf<GroupAdopted>().empty());
    EXPECT_EQ(next.state("a"), S::Active);
    EXPECT_EQ(next.state("c"), S::Active) << "a reboot releases what was held";
    EXPECT_EQ(next.state("b"), S::Offline) << "an operator's offline mark survives";
    EXPECT_EQ(next.group("a").incarnation, first.group("a").incarnation + 1);
    EXPECT_EQ(next.engine->groupRestartsInWindow(next.group("c")),
              first.engine->groupRestartsInWindow(first.group("c")));
}

// A fault is counted before it is acted on, and the count names the restart
// still outstanding, so a pgmd that dies in between neither loses nor
// repeats it.
TEST(Persistence, CountedRestartIsSavedBeforeItIsAskedFor)
{
    Harness h(cfg());
    h.boot();
    h.clearLog();
    h.kill("b.service");
    std::size_t persist = h.log.size(), restart = h.log.size();
    for (std::size_t i = 0; i < h.log.size(); ++i) {
        if (std::holds_alternative<PersistNow>(h.log[i]) && persist == h.log.size())
            persist = i;
        if (std::holds_alternative<RestartUnit>(h.log[i]) && restart == h.log.size())
            restart = i;
    }
    ASSERT_LT(restart, h.log.size());
    EXPECT_LT(persist, restart) << "the count is saved before the restart is asked for";
    // The harness ends the job at once: that its restart is no longer
    // outstanding is saved at once too.
    std::size_t lastPersist = 0;
    for (std::size_t i = 0; i < h.log.size(); ++i)
        if (std::holds_alternative<PersistNow>(h.log[i]))
            lastPersist = i;
    EXPECT_GT(lastPersist, restart);
    EXPECT_TRUE(h.engine->snapshot().groups.at("b").restartsPending.empty());
}

namespace {

// pgmd counted b.service's crash and asked for its restart, then died before
// the restart ended: this is what it had saved.
PersistedState savedWithRestartOutstanding(Harness& first)
{
    first.boot();
    first.neverReady.insert("b.service");
    first.kill("b.service");
    PersistedState saved = first.engine->snapshot();
    const std::map<std::string, MonoTime> pending{{"b.service", first.clock.monotonic()}};
    EXPECT_EQ(saved.groups.at("b").restartsPending, pending);
    return saved;
}

// The next pgmd finds a, c running and b as `b`, last started at `bStarted`
// (systemd's InactiveExitTimestampMonotonic).
void restartPgmd(Harness& first, Harness& second, UnitActivity b, std::optional<MonoTime> bStarted = {})
{
    const PersistedState saved = savedWithRestartOutstanding(first);
    second.clock = first.clock;
    second.restore(saved);
    EXPECT_EQ(second.engine->restartsOutstanding(), std::vector<std::string>{"b.service"});
    std::map<std::string, MonoTime> lastStarted;
    if (bStarted)
        lastStarted["b.service"] = *bStarted;
    second.boot({{"a1.service", UnitActivity::Active}, {"a2.service", UnitActivity::Active},
                 {"b.service", b}, {"c.service", UnitActivity::Active}},
                lastStarted);
}

} // namespace

TEST(Persistence, OutstandingRestartFoundStoppedIsCarriedOutNotCountedAgain)
{
    Harness first(cfg());
    Harness second(cfg());
    restartPgmd(first, second, UnitActivity::Failed);
    EXPECT_EQ(second.started(), std::vector<std::string>{"b.service"});
    EXPECT_TRUE(second.steps().empty()) << "no second count of the same fault";
    EXPECT_EQ(second.engine->processRestartsInWindow(second.group("b")), 1u);
    EXPECT_EQ(second.state("b"), S::Active);
    EXPECT_TRUE(second.engine->snapshot().groups.at("b").restartsPending.empty());
}

// The restart had run (it started after it was asked for) and b died again
// before pgmd could save that: a new fault, counted.
TEST(Persistence, MemberThatDiedAgainAfterItsOutstandingRestartRanIsCounted)
{
    Harness first(cfg());
    Harness second(cfg());
    const MonoTime askedAt = first.clock.monotonic();  // the fake clock stands still meanwhile
    restartPgmd(first, second, UnitActivity::Failed, askedAt + milliseconds(1));
    EXPECT_EQ(second.steps(), std::vector<Step>{Step::RestartProcess});
    EXPECT_EQ(second.engine->processRestartsInWindow(second.group("b")), 2u);
    EXPECT_EQ(second.state("b"), S::Active);
}

TEST(Persistence, OutstandingRestartFoundStoppedAndNotStartedSinceIsNotCountedAgain)
{
    Harness first(cfg());
    Harness second(cfg());
    restartPgmd(first, second, UnitActivity::Failed, first.clock.monotonic() - milliseconds(500));
    EXPECT_TRUE(second.steps().empty());
    EXPECT_EQ(second.engine->processRestartsInWindow(second.group("b")), 1u);
}

TEST(Persistence, OutstandingRestartFoundRunningIsDone)
{
    Harness first(cfg());
    Harness second(cfg());
    restartPgmd(first, second, UnitActivity::Active);
    EXPECT_TRUE(second.started().empty());
    EXPECT_EQ(second.engine->processRestartsInWindow(second.group("b")), 1u);
    EXPECT_TRUE(second.engine->snapshot().groups.at("b").restartsPending.empty());

    // Its next crash is the second one.
    second.kill("b.service");
    EXPECT_EQ(second.engine->processRestartsInWindow(second.group("b")), 2u);
}

TEST(Persistence, OutstandingRestartIsForgottenAfterAReboot)
{
    Harness first(cfg());
    const PersistedState saved = savedWithRestartOutstanding(first);

    Harness second(cfg());
    second.clock = first.clock;
    second.restoreAfterReboot(saved);
    second.boot();
    EXPECT_TRUE(second.engine->snapshot().groups.at("b").restartsPending.empty());
    EXPECT_EQ(second.state("b"), S::Active);
}

TEST(Persistence, AnIncarnationAtItsLimitWrapsToOne)
{
    Harness first(cfg());
    first.boot();
    PersistedState saved = first.engine->snapshot();
    saved.groups.at("b").incarnation = UINT64_MAX;
    saved.groups.at("b").state = "unavailable";

    Harness second(cfg());
    second.clock = first.clock;
    second.restore(saved);
    second.boot();
    EXPECT_EQ(second.state("b"), S::Active);
    EXPECT_EQ(second.group("b").incarnation, 1u) << "0 means never started; the old key no longer matches";
    EXPECT_EQ(second.engine->snapshot().groups.at("b").incarnation, 1u);
}

// Status shows how long ago a fault was and since when a state holds: a pgmd
// restart must not turn an old fault into one without a time.
TEST(Persistence, TheTimesOfTheLastFaultAndOfTheStateSurviveAPgmdRestart)
{
    Harness first(cfg());
    first.boot();
    first.clock.advance(minutes(5));
    first.kill("a1.service");
    first.process(first.engine->offline("c").actions);
    const TimePoint faultAt = *first.group("a").lastFaultAt;
    const TimePoint offlineSince = *first.group("c").stateSince;
    const TimePoint activeSince = *first.group("b").stateSince;
    const PersistedState saved = first.engine->snapshot();

    Harness second(cfg());
    second.clock = first.clock;
    second.clock.advance(hours(2));
    second.restore(saved);
    second.boot({{"a1.service", UnitActivity::Active}, {"a2.service", UnitActivity::Active},
                 {"b.service", UnitActivity::Active}});
    EXPECT_EQ(second.group("a").lastFaultAt, faultAt);
    EXPECT_EQ(second.group("b").stateSince, activeSince) << "adopted: still active since then";
    EXPECT_EQ(second.group("c").stateSince, offlineSince);

    Harness afterReboot(cfg());
    afterReboot.clock = second.clock;
    afterReboot.restoreAfterReboot(saved);
    EXPECT_EQ(afterReboot.group("a").lastFaultAt, faultAt) << "the fault is still the last one";
    EXPECT_EQ(afterReboot.group("c").stateSince, offlineSince) << "offline survives a reboot";
    EXPECT_FALSE(afterReboot.group("b").stateSince) << "nothing runs after a reboot";
}
