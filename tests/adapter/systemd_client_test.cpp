// SystemdClient against a fake org.freedesktop.systemd1 on a private bus.

#include "systemd/systemd_client.hpp"

#include "fake_systemd.hpp"
#include "common/loop/event_loop.hpp"
#include "private_bus.hpp"
#include "run_until.hpp"

#include <algorithm>
#include <csignal>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sdbus-c++/sdbus-c++.h>

namespace pgmd {
namespace {

using namespace std::chrono_literals;
using test::FakeSystemd;
using test::runUntil;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Recorder : SystemdListener {
    struct Change {
        std::string unit;
        UnitActivity activity;
        std::string detail;
    };
    void onUnitChanged(const std::string& unit, UnitActivity activity, const std::string& detail) override
    {
        changes.push_back({unit, activity, detail});
    }
    void onJobFinished(const std::string& unit, JobKind kind, const std::string& result) override
    {
        jobs.push_back({unit, kind, result});
    }
    void onSystemdError(const std::string& what) override { errors.push_back(what); }

    bool sawJob(const FinishedJob& j) const { return std::find(jobs.begin(), jobs.end(), j) != jobs.end(); }
    bool sawChange(const std::string& unit, UnitActivity a) const
    {
        return std::any_of(changes.begin(), changes.end(),
                           [&](const Change& c) { return c.unit == unit && c.activity == a; });
    }

    std::vector<Change> changes;
    std::vector<FinishedJob> jobs;
    std::vector<std::string> errors;
};

class SystemdClientTest : public ::testing::TestWithParam<FakeSystemd::JobRemovedOrder> {
protected:
    void SetUp() override
    {
        if (!bus.available())
            GTEST_SKIP() << bus.whyNot();
        char tmpl[] = "/tmp/pgmd-run.XXXXXX";
        ASSERT_TRUE(::mkdtemp(tmpl));
        unitDir = tmpl;
        fake = std::make_unique<FakeSystemd>(bus.address());
        fake->setJobRemovedOrder(GetParam());
        fake->addUnit("a.service");
        fake->addUnit("b.service", "active");
        fake->addUnit("unwatched.service");
        connection = sdbus::createSessionBusConnectionWithAddress(bus.address());
        loop.attach(*connection);
        client = std::make_unique<SystemdClient>(*connection, recorder, unitDir);
        client->subscribe();
        client->watch({"a.service", "b.service", "t.service"});
    }
    void TearDown() override
    {
        client.reset();
        if (connection)
            loop.detach(*connection);
        if (!unitDir.empty())
            std::filesystem::remove_all(unitDir);
    }

    bool waitJob(const FinishedJob& j) { return runUntil(loop, [&] { return recorder.sawJob(j); }); }

    test::PrivateBus bus;
    std::string unitDir;
    std::unique_ptr<FakeSystemd> fake;
    pgm::EventLoop loop;
    std::unique_ptr<sdbus::IConnection> connection;
    Recorder recorder;
    std::unique_ptr<SystemdClient> client;
};

TEST_P(SystemdClientTest, Subscribes)
{
    EXPECT_TRUE(fake->subscribed());
}

TEST_P(SystemdClientTest, StartResetsFailedStateFirstAndReportsTheJob)
{
    client->startUnit("a.service");
    ASSERT_TRUE(waitJob({"a.service", JobKind::Start, "done"}));
    EXPECT_TRUE(recorder.sawChange("a.service", UnitActivity::Active));
    auto calls = fake->calls();
    auto reset = std::find(calls.begin(), calls.end(), "ResetFailedUnit a.service");
    auto start = std::find(calls.begin(), calls.end(), "StartUnit a.service replace");
    ASSERT_NE(reset, calls.end());
    EXPECT_LT(reset, start);
    EXPECT_TRUE(recorder.errors.empty());
    EXPECT_EQ(recorder.jobs.size(), 1u);
}

TEST_P(SystemdClientTest, RestartAndStop)
{
    client->restartUnit("b.service");
    ASSERT_TRUE(waitJob({"b.service", JobKind::Restart, "done"}));
    client->stopUnit("b.service");
    ASSERT_TRUE(waitJob({"b.service", JobKind::Stop, "done"}));
    ASSERT_TRUE(runUntil(loop, [&] { return recorder.sawChange("b.service", UnitActivity::Inactive); }));
    EXPECT_EQ(recorder.changes.back().detail, "inactive (SubState=dead)");
    EXPECT_THAT(fake->calls(), Contains("StopUnit b.service replace"));
    // Only the restart reset it: a stop leaves a failed unit failed.
    auto calls = fake->calls();
    EXPECT_EQ(std::count(calls.begin(), calls.end(), "ResetFailedUnit b.service"), 1);
}

TEST_P(SystemdClientTest, ResetFailedAloneStartsNothingAndWaitsBehindQueuedJobs)
{
    // Behind a stop that is still waiting for a job slot: it must not
    // overtake it, or the stop would leave the unit failed again.
    fake->holdJobs();
    std::vector<std::string> units;
    for (unsigned i = 0; i < SystemdClient::maxPendingJobs; ++i) {
        units.push_back("h" + std::to_string(i) + ".service");
        fake->addUnit(units.back());
        client->startUnit(units.back());
    }
    client->stopUnit("b.service");
    client->resetFailedUnit("b.service");
    auto seen = [&](const std::string& call) {
        auto calls = fake->calls();
        return std::find(calls.begin(), calls.end(), call) != calls.end();
    };
    EXPECT_FALSE(runUntil(loop, [&] { return seen("ResetFailedUnit b.service"); }, 300ms));
    fake->finishHeldJobs();
    ASSERT_TRUE(runUntil(loop, [&] { return seen("ResetFailedUnit b.service"); }));
    auto calls = fake->calls();
    EXPECT_LT(std::find(calls.begin(), calls.end(), "StopUnit b.service replace"),
              std::find(calls.begin(), calls.end(), "ResetFailedUnit b.service"));
    EXPECT_EQ(std::count_if(calls.begin(), calls.end(), [](const auto& c) { return c.starts_with("StartUnit b"); }),
              0);
    EXPECT_TRUE(recorder.errors.empty()) << recorder.errors.front();
}

TEST_P(SystemdClientTest, CrashIsReportedWithItsCause)
{
    client->startUnit("a.service");
    ASSERT_TRUE(waitJob({"a.service", JobKind::Start, "done"}));
    fake->killMainProcess("a.service", SIGKILL);
    ASSERT_TRUE(runUntil(loop, [&] { return recorder.sawChange("a.service", UnitActivity::Failed); }));
    EXPECT_EQ(recorder.changes.back().detail, "failed (Result=signal, signal=KILL)");
}

TEST_P(SystemdClientTest, UnwatchedUnitsAreIgnored)
{
    client->startUnit("unwatched.service");
    ASSERT_TRUE(waitJob({"unwatched.service", JobKind::Start, "done"}));
    // Its PropertiesChanged went out before JobRemoved; let anything in flight land.
    client->startUnit("a.service");
    ASSERT_TRUE(waitJob({"a.service", JobKind::Start, "done"}));
    for (const auto& c : recorder.changes)
        EXPECT_NE(c.unit, "unwatched.service");
}

TEST_P(SystemdClientTest, SameStateIsNotReportedTwice)
{
    auto initial = client->queryActivity({"b.service"});
    EXPECT_EQ(initial["b.service"], UnitActivity::Active);
    client->restartUnit("b.service");  // the fake goes straight to active again
    ASSERT_TRUE(waitJob({"b.service", JobKind::Restart, "done"}));
    EXPECT_FALSE(recorder.sawChange("b.service", UnitActivity::Active));
}

TEST_P(SystemdClientTest, FailingCallIsAFailedJob)
{
    client->startUnit("missing.service");
    ASSERT_TRUE(waitJob({"missing.service", JobKind::Start, "failed"}));
    ASSERT_EQ(recorder.errors.size(), 1u);  // reset-failed's NoSuchUnit is expected, not an error
    EXPECT_THAT(recorder.errors[0], HasSubstr("NoSuchUnit"));
}

TEST_P(SystemdClientTest, TransientUnitIsCreatedThenReused)
{
    MemberSpec m{.name = "t.service", .isTransient = true};
    m.execStart = {"/bin/sleep", "100"};
    m.serviceType = "exec";
    m.environment = {"A=1", "B=2"};
    m.workingDirectory = "/srv";
    client->startTransient(m, "pgm-application-g.slice", JobKind::Start);
    ASSERT_TRUE(waitJob({"t.service", JobKind::Start, "done"}));
    auto props = fake->transientProperties("t.service");
    EXPECT_EQ(props["Slice"], "pgm-application-g.slice");
    EXPECT_EQ(props["Type"], "exec");
    EXPECT_EQ(props["Restart"], "no");
    EXPECT_EQ(props["ExecStart"], "/bin/sleep: /bin/sleep 100");
    EXPECT_EQ(props["Environment"], "A=1 B=2");
    EXPECT_EQ(props["WorkingDirectory"], "/srv");
    EXPECT_FALSE(props.contains("User"));
    EXPECT_FALSE(props.contains("CollectMode"));

    // As after a pgmd restart: the unit is still loaded.
    client->startTransient(m, "pgm-application-g.slice", JobKind::Restart);
    ASSERT_TRUE(waitJob({"t.service", JobKind::Restart, "done"}));
    EXPECT_THAT(fake->calls(), Contains("RestartUnit t.service replace"));
    EXPECT_TRUE(recorder.errors.empty());
    EXPECT_EQ(recorder.jobs.size(), 2u);
}

TEST_P(SystemdClientTest, QueriesAndExistence)
{
    auto states = client->queryActivity({"a.service", "b.service", "missing.service"});
    EXPECT_EQ(states["a.service"], UnitActivity::Inactive);
    EXPECT_EQ(states["b.service"], UnitActivity::Active);
    EXPECT_EQ(states["missing.service"], UnitActivity::Inactive);
    // One call for all, not three per unit.
    auto calls = fake->calls();
    EXPECT_EQ(std::count(calls.begin(), calls.end(), "ListUnitsByNames"), 1);
    EXPECT_EQ(std::count_if(calls.begin(), calls.end(), [](const auto& c) { return c.starts_with("LoadUnit"); }), 0);

    fake->addAlias("alias.service", "b.service");
    EXPECT_EQ(client->queryActivity({"alias.service"})["alias.service"], UnitActivity::Active);

    EXPECT_EQ(client->unitExists("a.service"), true);
    EXPECT_EQ(client->unitExists("missing.service"), false);
}

TEST_P(SystemdClientTest, DropInsReloadOnlyWhenChanged)
{
    GroupSpec g;
    g.name = "g";
    g.members = {MemberSpec{.name = "a.service"}, MemberSpec{.name = "b.service"}};
    EXPECT_TRUE(client->installDropIns({g}));
    EXPECT_EQ(fake->reloads(), 1);
    EXPECT_FALSE(client->installDropIns({g}));
    EXPECT_EQ(fake->reloads(), 1);
    EXPECT_TRUE(std::filesystem::exists(unitDir + "/a.service.d/50-pgmd.conf"));
}

TEST_P(SystemdClientTest, ReactingFromInsideTheListenerWorks)
{
    // The daemon executes the engine's actions from inside listener calls.
    struct Chain : Recorder {
        SystemdClient* client = nullptr;
        void onJobFinished(const std::string& unit, JobKind kind, const std::string& result) override
        {
            Recorder::onJobFinished(unit, kind, result);
            if (unit == "a.service" && kind == JobKind::Start)
                client->startUnit("b.service");
        }
    } chain;
    SystemdClient second(*connection, chain, unitDir);
    chain.client = &second;
    second.subscribe();
    second.startUnit("a.service");
    ASSERT_TRUE(runUntil(loop, [&] { return chain.sawJob({"b.service", JobKind::Start, "done"}); }));
}

TEST_P(SystemdClientTest, ABurstBeyondTheBusLimitOfPendingRepliesGoesThrough)
{
    // 2 calls per start, 600 in all: far above max_replies_per_connection (128).
    std::vector<std::string> units;
    for (int i = 0; i < 300; ++i) {
        units.push_back("m" + std::to_string(i) + ".service");
        fake->addUnit(units.back());
    }
    client->watch(units);
    for (const auto& u : units)
        client->startUnit(u);
    ASSERT_TRUE(runUntil(loop, [&] { return recorder.jobs.size() == units.size(); }, 20s));
    for (const auto& u : units)
        EXPECT_TRUE(recorder.sawJob({u, JobKind::Start, "done"})) << u;
    EXPECT_TRUE(recorder.errors.empty()) << recorder.errors.front();
}

TEST_P(SystemdClientTest, PendingJobsAreCapped)
{
    // systemd adds a match rule per pending job on its own connection (512 at
    // most); too many at once would cut systemd off the bus.
    fake->holdJobs();
    std::vector<std::string> units;
    for (unsigned i = 0; i < SystemdClient::maxPendingJobs + 50; ++i) {
        units.push_back("h" + std::to_string(i) + ".service");
        fake->addUnit(units.back());
    }
    for (const auto& u : units)
        client->startUnit(u);
    auto startsSeen = [&] {
        auto calls = fake->calls();
        return std::count_if(calls.begin(), calls.end(), [](const auto& c) { return c.starts_with("StartUnit h"); });
    };
    ASSERT_TRUE(runUntil(loop, [&] { return startsSeen() == SystemdClient::maxPendingJobs; }));
    // Replies are all in and nothing finishes: no further job may go out.
    EXPECT_FALSE(runUntil(loop, [&] { return startsSeen() > SystemdClient::maxPendingJobs; }, 300ms));
    fake->finishHeldJobs();
    ASSERT_TRUE(runUntil(loop, [&] { return recorder.jobs.size() == units.size(); }, 20s));
    EXPECT_TRUE(recorder.errors.empty());
}

INSTANTIATE_TEST_SUITE_P(JobRemovedOrder, SystemdClientTest,
                         ::testing::Values(FakeSystemd::JobRemovedOrder::AfterReply,
                                           FakeSystemd::JobRemovedOrder::BeforeReply),
                         [](const auto& info) {
                             return info.param == FakeSystemd::JobRemovedOrder::AfterReply ? "AfterReply"
                                                                                            : "BeforeReply";
                         });

} // namespace
} // namespace pgmd
