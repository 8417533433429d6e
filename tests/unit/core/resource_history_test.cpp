// What the engine keeps about each resource for operators: health, when it
// was checked and when that changed, the last error, re-initialisations, the
// groups that use it, and when it asks for PropertiesChanged.
#include "harness.hpp"

using namespace pgmd;
using namespace pgmd::test;
using namespace std::chrono;

namespace {

Config appOnData()
{
    GroupSpec app = makeGroup("app", Layer::Application, {"app.service"});
    app.resources = {"data"};
    GroupSpec other = makeGroup("other", Layer::Application, {"other.service"});
    other.resources = {"disk", "data"};
    return makeConfig({app, other}, {makeResource("data", true), makeResource("disk")});
}

const ResourceRuntime& resource(const Harness& h, const std::string& name)
{
    const ResourceRuntime* r = h.engine->findResource(name);
    if (!r)
        throw std::runtime_error("no resource " + name);
    return *r;
}

std::size_t updatesOf(const Harness& h, const std::string& name)
{
    std::size_t n = 0;
    for (const ResourceUpdated& u : h.actionsOf<ResourceUpdated>())
        n += u.resource == name ? 1 : 0;
    return n;
}

} // namespace

TEST(ResourceHistory, UnknownAndNeverCheckedBeforeBoot)
{
    Harness h(appOnData());
    const ResourceRuntime& r = resource(h, "data");
    EXPECT_EQ(r.health, ResourceHealth::Unknown);
    EXPECT_STREQ(toString(r.health), "unknown");
    EXPECT_FALSE(r.history.lastCheckAt.has_value());
    EXPECT_FALSE(r.history.healthSince.has_value());
    EXPECT_EQ(r.history.reinits, 0u);
}

TEST(ResourceHistory, FirstVerdictStampsCheckAndChangeAndIsAnnounced)
{
    Harness h(appOnData());
    const TimePoint bootedAt = h.clock.now();
    h.boot();
    const ResourceRuntime& r = resource(h, "data");
    EXPECT_STREQ(toString(r.health), "ok");
    EXPECT_EQ(r.history.lastCheckAt, bootedAt);
    EXPECT_EQ(r.history.healthSince, bootedAt);
    EXPECT_EQ(r.history.lastError, "");
    EXPECT_EQ(updatesOf(h, "data"), 1u);
}

TEST(ResourceHistory, PeriodicHealthyChecksMoveOnlyTheCheckTimeAndStayQuiet)
{
    Harness h(appOnData());
    const TimePoint bootedAt = h.clock.now();
    h.boot();
    h.clearLog();
    h.advance(seconds(30));
    const ResourceRuntime& r = resource(h, "data");
    EXPECT_EQ(r.history.lastCheckAt, bootedAt + seconds(30));
    EXPECT_EQ(r.history.healthSince, bootedAt) << "still the first verdict's time";
    EXPECT_EQ(updatesOf(h, "data"), 0u) << "an idle pgmd announces nothing";
}

TEST(ResourceHistory, FailureRecordsErrorChangeTimeAndReinit)
{
    Harness h(appOnData());
    h.boot();
    h.clearLog();
    h.advance(seconds(10));
    const TimePoint failedAt = h.clock.now();
    h.resourceHealthy["data"] = false;
    h.advance(seconds(10));
    const ResourceRuntime& r = resource(h, "data");
    EXPECT_STREQ(toString(r.health), "failing");
    EXPECT_EQ(r.history.lastError, "missing");
    EXPECT_EQ(r.history.healthSince, failedAt + seconds(10));
    EXPECT_EQ(r.history.reinits, 1u);
    EXPECT_EQ(r.history.lastReinitAt, failedAt + seconds(10));
    EXPECT_GE(updatesOf(h, "data"), 1u);
}

TEST(ResourceHistory, ReinitsAreCountedEachTimeItFailsAgain)
{
    Harness h(appOnData());
    h.boot();
    for (int round = 1; round <= 3; ++round) {
        h.resourceHealthy["data"] = false;
        h.advance(seconds(10));
        h.resourceHealthy["data"] = true;
        h.advance(seconds(10));
        EXPECT_EQ(resource(h, "data").history.reinits, static_cast<unsigned>(round));
    }
}

TEST(ResourceHistory, TheSetUpAtBootCountsAsAReinit)
{
    Harness h(appOnData());
    h.resourceHealthy["data"] = false;
    h.boot();
    EXPECT_EQ(resource(h, "data").history.reinits, 1u) << "Reinit= ran, whatever the reason";
}

TEST(ResourceHistory, LastErrorStaysOnceHealthyAgain)
{
    Harness h(appOnData());
    h.boot();
    h.resourceHealthy["data"] = false;
    h.advance(seconds(10));
    h.resourceHealthy["data"] = true;
    h.clearLog();
    h.advance(seconds(10));
    const ResourceRuntime& r = resource(h, "data");
    EXPECT_STREQ(toString(r.health), "ok");
    EXPECT_EQ(r.history.lastError, "missing") << "what went wrong last, for the operator";
    EXPECT_EQ(updatesOf(h, "data"), 1u) << "back to ok is announced";
}

TEST(ResourceHistory, RecordCheckAnnouncesANewErrorTextButNotARepeat)
{
    ResourceHistory history;
    const TimePoint t{1'000'000};
    EXPECT_TRUE(history.recordCheck(ResourceHealth::Ok, ResourceHealth::Failed, "2G free (minimum 3G)", t));
    EXPECT_TRUE(history.recordCheck(ResourceHealth::Failed, ResourceHealth::Failed, "1G free (minimum 3G)", t + seconds(10)));
    EXPECT_FALSE(history.recordCheck(ResourceHealth::Failed, ResourceHealth::Failed, "1G free (minimum 3G)", t + seconds(20)));
    EXPECT_EQ(history.healthSince, t) << "failing since the first failed check";
    EXPECT_EQ(history.lastCheckAt, t + seconds(20));
}

TEST(ResourceHistory, GroupsUsingFollowConfigurationOrder)
{
    const Config c = appOnData();
    EXPECT_EQ(groupsUsing(c, "data"), (std::vector<std::string>{"app", "other"}));
    EXPECT_EQ(groupsUsing(c, "disk"), std::vector<std::string>{"other"});
    EXPECT_TRUE(groupsUsing(c, "nothing").empty());
}

TEST(ResourceHistory, KeptAcrossAReloadAndEveryResourceAnnounced)
{
    Harness h(appOnData());
    h.boot();
    h.resourceHealthy["data"] = false;
    h.advance(seconds(10));
    h.resourceHealthy["data"] = true;
    h.advance(seconds(10));
    h.clearLog();
    h.reconfigure(appOnData());
    EXPECT_EQ(resource(h, "data").history.reinits, 1u);
    EXPECT_EQ(resource(h, "data").history.lastError, "missing");
    EXPECT_EQ(updatesOf(h, "data"), 1u) << "its settings may have changed";
    EXPECT_EQ(updatesOf(h, "disk"), 1u);
}
