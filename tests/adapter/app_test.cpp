// The application layer as pgmd runs it (engine, sinks, bus view, operator
// commands, reloader), against a fake org.freedesktop.systemd1 on a private
// bus: no root, no sandbox. The daemon serves org.pgmd1 on the same bus; the
// tests read and command it through its StateSource, as the bus objects do.

#include "app/daemon.hpp"

#include "daemon_fixture.hpp"
#include "run_until.hpp"

#include "app/checked_config.hpp"
#include "persist/state_store.hpp"

#include <algorithm>
#include <csignal>
#include <time.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace pgmd {
namespace {

using test::runUntil;
using ::testing::Contains;
using ::testing::HasSubstr;

// Time stands still unless a test moves it. It starts at the real clocks'
// readings, so that the loop's deadline timer (on the real monotonic clock)
// neither fires early nor spins on the engine's deadlines.
class ManualClock : public Clock {
public:
    ManualClock() : now_{read(CLOCK_REALTIME)}, mono_{read(CLOCK_MONOTONIC)} {}
    TimePoint now() const override { return now_; }
    MonoTime monotonic() const override { return mono_; }

private:
    static std::int64_t read(clockid_t id)
    {
        timespec ts{};
        ::clock_gettime(id, &ts);
        return std::int64_t{ts.tv_sec} * 1'000'000 + ts.tv_nsec / 1000;
    }
    TimePoint now_;
    MonoTime mono_;
};

constexpr const char* kGroupFile = "[Group]\nLayer=application\nUnits=a.service b.service\n";

class AppTest : public test::DaemonFixture {
protected:
    void SetUp() override
    {
        DaemonFixture::SetUp();
        if (!IsSkipped())
            makeDaemon({"a.service", "b.service"}, {{"app", kGroupFile}}, clock);
    }

    std::string state(const std::string& group) const
    {
        auto info = daemon->view().group(group, GroupField::State);
        return info ? info->state : "<no such group>";
    }

    void startAndWaitActive()
    {
        daemon->start();
        ASSERT_TRUE(runUntil(loop, [&] { return state("app") == "active"; })) << "state " << state("app");
    }

    ManualClock clock;
};

TEST_F(AppTest, StartStartsTheMembersAndTheGroupBecomesActive)
{
    startAndWaitActive();
    EXPECT_TRUE(called("StartUnit a.service replace"));
    EXPECT_TRUE(called("StartUnit b.service replace"));

    const auto info = daemon->view().group("app");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->layer, "application");
    ASSERT_EQ(info->members.size(), 2u);
    EXPECT_TRUE(runUntil(loop, [&] {
        const auto members = daemon->view().group("app", GroupField::Members)->members;
        return std::all_of(members.begin(), members.end(),
                           [](const MemberInfo& m) { return m.activeState == "active" && m.mainPid != 0; });
    }));
    EXPECT_EQ(daemon->view().groupNames(), std::vector<std::string>{"app"});
    const ManagerInfo manager = daemon->view().manager();
    EXPECT_EQ(manager.nodeName, "test-node");
    EXPECT_EQ(manager.configDirectory, configDir.path());
    EXPECT_FALSE(manager.configStale);
}

TEST_F(AppTest, TheStateFileRecordsTheBootTheDaemonWasGiven)
{
    startAndWaitActive();
    daemon->saveNow();
    const LoadedState saved = loadState(stateDir.path());
    EXPECT_EQ(saved.warning, "");
    EXPECT_EQ(saved.state.bootId, "test-boot");
}

TEST_F(AppTest, AKilledMemberIsRestartedAndCounted)
{
    startAndWaitActive();
    fake->killMainProcess("a.service", SIGKILL);
    ASSERT_TRUE(runUntil(loop, [&] {
        return called("RestartUnit a.service replace") &&
               daemon->view().group("app", GroupField::ProcessRestarts)->processRestarts == 1;
    }));
    EXPECT_TRUE(runUntil(loop, [&] { return fake->activeState("a.service") == "active"; }));
    EXPECT_TRUE(runUntil(loop, [&] { return state("app") == "active"; })) << "state " << state("app");
    const auto info = daemon->view().group("app", {GroupField::LastFault, GroupField::RecentSteps});
    EXPECT_THAT(info->lastFault, HasSubstr("a.service"));
    ASSERT_FALSE(info->recentSteps.empty());
    EXPECT_EQ(info->recentSteps.back().step, "restart-process");
}

TEST_F(AppTest, OperatorOfflineStopsTheUnitsAndTakesTheGroupOffline)
{
    startAndWaitActive();
    const OpResult r = daemon->requests().offline("app");
    EXPECT_EQ(r.error, OpError::None) << r.message;
    // The group is offline at once; its stop jobs end after.
    EXPECT_EQ(state("app"), "offline");
    ASSERT_TRUE(runUntil(loop, [&] {
        return fake->activeState("a.service") == "inactive" && fake->activeState("b.service") == "inactive";
    }));
    EXPECT_TRUE(called("StopUnit a.service replace"));
    EXPECT_TRUE(called("StopUnit b.service replace"));
    EXPECT_TRUE(runUntil(loop, [&] {
        const auto members = daemon->view().group("app", GroupField::Members)->members;
        return std::all_of(members.begin(), members.end(),
                           [](const MemberInfo& m) { return m.activeState == "inactive"; });
    }));
    EXPECT_EQ(state("app"), "offline");
}

TEST_F(AppTest, OperatorErrorsMapToTheBusErrors)
{
    startAndWaitActive();
    EXPECT_EQ(daemon->requests().offline("nonexistent").error, OpError::NoSuchGroup);
    EXPECT_EQ(daemon->requests().activate("app").error, OpError::InvalidState);
    EXPECT_EQ(daemon->requests().acknowledge("app", "offline", 1).error, OpError::InvalidArgument);
    EXPECT_EQ(daemon->requests().reportFault("app", "reboot-now", "", "why").error, OpError::InvalidArgument);
    EXPECT_EQ(state("app"), "active");
}

TEST_F(AppTest, ABadValueOnReloadIsRefusedAndNothingChanges)
{
    startAndWaitActive();
    const ManagerInfo before = daemon->view().manager();
    const std::size_t callsBefore = fake->calls().size();

    writeConfig("groups.d/app.group", "[Group]\nLayer=sideways\nUnits=a.service b.service\n");
    const OpResult r = daemon->requests().reload();
    EXPECT_EQ(r.error, OpError::BadConfig);
    EXPECT_THAT(r.message, HasSubstr("app.group"));
    const ManagerInfo after = daemon->view().manager();
    EXPECT_TRUE(after.configStale);
    EXPECT_THAT(after.configStaleReason, HasSubstr("Layer"));
    EXPECT_EQ(after.configLoadedTimestampUsec, before.configLoadedTimestampUsec);
    EXPECT_FALSE(daemon->requests().checkConfig().empty());

    EXPECT_EQ(daemon->view().groupNames(), std::vector<std::string>{"app"});
    EXPECT_EQ(state("app"), "active");
    EXPECT_EQ(daemon->view().group("app", GroupField::Layer)->layer, "application");
    const auto calls = fake->calls();
    for (std::size_t i = callsBefore; i < calls.size(); ++i)
        EXPECT_THAT(calls[i], ::testing::Not(::testing::AnyOf(HasSubstr("StartUnit"), HasSubstr("StopUnit"),
                                                              HasSubstr("RestartUnit"))))
            << "a refused configuration touches no unit";

    // Fixed files load again, and the configuration is no longer stale.
    writeConfig("groups.d/app.group", kGroupFile);
    EXPECT_EQ(daemon->requests().reload().error, OpError::None);
    EXPECT_FALSE(daemon->view().manager().configStale);
    EXPECT_TRUE(daemon->requests().checkConfig().empty());
    EXPECT_EQ(state("app"), "active");
}

} // namespace
} // namespace pgmd
