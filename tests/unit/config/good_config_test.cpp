// The complete example: every key of every file, all three layers, inline
// processes and every kind of resource.

#include "config/config_loader.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace pgmd {
namespace {

using namespace std::chrono;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class GoodConfig : public ::testing::Test {
protected:
    void SetUp() override
    {
        systemd.units = {"rsyslog.service", "postgresql.service", "billing-api.service", "billing-db.service",
                         "billing-cache.service", "billing-exporter.service", "frontend.service"};
        result = loadConfig(dir, systemd.fn());
        for (const auto& e : result.errors)
            ADD_FAILURE() << format(e);
    }

    const GroupSpec& group(const std::string& name) const
    {
        auto it = std::find_if(result.config.groups.begin(), result.config.groups.end(),
                               [&](const GroupSpec& g) { return g.name == name; });
        if (it == result.config.groups.end())
            throw std::runtime_error("no group " + name);
        return *it;
    }

    const ResourceSpec& resource(const std::string& name) const
    {
        auto it = std::find_if(result.config.resources.begin(), result.config.resources.end(),
                               [&](const ResourceSpec& r) { return r.name == name; });
        if (it == result.config.resources.end())
            throw std::runtime_error("no resource " + name);
        return *it;
    }

    std::string dir = test::dataDir("good");
    test::FakeSystemd systemd;
    LoadResult result;
};

TEST_F(GoodConfig, LoadsWithoutErrors)
{
    EXPECT_TRUE(result.ok());
}

TEST_F(GoodConfig, ReadsTheManagerSection)
{
    const ManagerSpec& m = result.config.manager;
    EXPECT_EQ(m.nodeName, "node-a");
    EXPECT_EQ(m.stateDirectory, "/var/lib/pgmd-test");
    EXPECT_EQ(m.stopTimeout, seconds(45));
    EXPECT_EQ(m.hostReinits, (Budget{2, hours(1)}));
    EXPECT_EQ(m.reboots, (Budget{3, hours(2) + minutes(30)}));
    EXPECT_EQ(m.logLevel, 7);  // LOG_DEBUG
}

TEST_F(GoodConfig, LayerSectionsOverrideOnlyWhatTheySet)
{
    const auto& layers = result.config.manager.layers;
    ASSERT_EQ(layers.size(), 3u);

    const LayerPolicy& system = layers.at(Layer::System);
    EXPECT_EQ(system.processRestarts, (Budget{0, minutes(1)}));
    EXPECT_EQ(system.groupRestarts, defaultLayerPolicy(Layer::System).groupRestarts);
    EXPECT_EQ(system.activationTimeout, minutes(2));

    const LayerPolicy& platform = layers.at(Layer::Platform);
    EXPECT_EQ(platform.processRestarts, (Budget{4, minutes(10)}));
    EXPECT_EQ(platform.groupRestarts, (Budget{3, minutes(20)}));
    EXPECT_EQ(platform.activationTimeout, seconds(45));

    const LayerPolicy& application = layers.at(Layer::Application);
    LayerPolicy builtIn = defaultLayerPolicy(Layer::Application);
    EXPECT_EQ(application.processRestarts, (Budget{5, builtIn.processRestarts.interval}));
    EXPECT_EQ(application.groupRestarts, (Budget{builtIn.groupRestarts.burst, minutes(30)}));
    EXPECT_EQ(application.activationTimeout, builtIn.activationTimeout);
}

TEST_F(GoodConfig, GroupsComeInFileNameOrderAndOtherFilesAreIgnored)
{
    std::vector<std::string> names;
    for (const auto& g : result.config.groups)
        names.push_back(g.name);
    EXPECT_THAT(names, ElementsAre("billing", "frontend", "journal", "messaging", "storage"));
    EXPECT_EQ(group("billing").sourceFile, dir + "/groups.d/billing.group");
}

TEST_F(GoodConfig, SystemGroupIsNotRestartableAndInheritsItsLayer)
{
    const GroupSpec& g = group("journal");
    EXPECT_EQ(g.layer, Layer::System);
    EXPECT_EQ(g.description, "Logging the host cannot run without");
    EXPECT_FALSE(g.restartable);
    ASSERT_EQ(g.members.size(), 1u);
    EXPECT_EQ(g.members[0].name, "rsyslog.service");
    EXPECT_FALSE(g.members[0].restartable);
    EXPECT_FALSE(g.members[0].isTransient);
    EXPECT_EQ(g.processRestarts, (Budget{0, minutes(1)}));
    EXPECT_EQ(g.activationTimeout, minutes(2));
    EXPECT_THAT(g.dependsOn, IsEmpty());
    EXPECT_EQ(g.role, Role::None);
}

TEST_F(GoodConfig, PlatformGroupWithResourcesAndAnOverride)
{
    const GroupSpec& g = group("storage");
    EXPECT_EQ(g.layer, Layer::Platform);
    EXPECT_TRUE(g.restartable);
    EXPECT_THAT(g.dependsOn, ElementsAre("journal"));
    EXPECT_THAT(g.resources, ElementsAre("data-dir", "data-mount"));
    EXPECT_EQ(g.processRestarts, (Budget{6, minutes(10)}));
    EXPECT_EQ(g.groupRestarts, (Budget{3, minutes(20)}));
    EXPECT_EQ(g.activationTimeout, seconds(45));
}

TEST_F(GoodConfig, GroupOfOnlyAnInlineProcess)
{
    const GroupSpec& g = group("messaging");
    ASSERT_EQ(g.members.size(), 1u);
    const MemberSpec& m = g.members[0];
    EXPECT_EQ(m.name, "pgm-messaging-broker.service");
    EXPECT_TRUE(m.isTransient);
    EXPECT_TRUE(m.restartable);
    EXPECT_THAT(m.execStart, ElementsAre("/usr/sbin/broker", "--port", "5672"));
    EXPECT_EQ(m.serviceType, "notify");
    EXPECT_THAT(m.environment, IsEmpty());
    EXPECT_EQ(m.user, "");
    EXPECT_EQ(m.workingDirectory, "");
}

TEST_F(GoodConfig, ApplicationGroupReadsEveryKey)
{
    const GroupSpec& g = group("billing");
    EXPECT_EQ(g.layer, Layer::Application);
    EXPECT_EQ(g.description, "Billing front end");
    EXPECT_TRUE(g.restartable);
    EXPECT_THAT(g.dependsOn, ElementsAre("storage", "messaging"));
    EXPECT_THAT(g.resources, ElementsAre("scratch-space", "db-check"));
    EXPECT_EQ(g.processRestarts, (Budget{5, minutes(2)}));
    EXPECT_EQ(g.groupRestarts, (Budget{1, minutes(30)}));
    EXPECT_EQ(g.activationTimeout, seconds(90));
    EXPECT_EQ(g.role, Role::Primary);
    EXPECT_EQ(g.mate, "node-b");
    EXPECT_EQ(g.standby, StandbyKind::Hot);
}

TEST_F(GoodConfig, MembersAreUnitsFirstThenProcessSections)
{
    const GroupSpec& g = group("billing");
    std::vector<std::string> names;
    for (const auto& m : g.members)
        names.push_back(m.name);
    EXPECT_THAT(names, ElementsAre("billing-api.service", "billing-db.service", "billing-cache.service",
                                   "pgm-billing-worker.service", "billing-exporter.service"));

    // [Process.api] names a listed unit: it changes that entry in place.
    EXPECT_FALSE(g.members[0].restartable);
    EXPECT_TRUE(g.members[1].restartable);
    EXPECT_FALSE(g.members[0].isTransient);
    // [Process.exporter] names an unlisted unit: it is added.
    EXPECT_TRUE(g.members[4].restartable);
    EXPECT_FALSE(g.members[4].isTransient);
}

TEST_F(GoodConfig, InlineProcessKeepsQuotingEnvironmentAndOptions)
{
    const MemberSpec& m = group("billing").members[3];
    EXPECT_TRUE(m.isTransient);
    EXPECT_FALSE(m.restartable);
    EXPECT_THAT(m.execStart,
                ElementsAre("/usr/bin/worker", "--flag", "quoted arg", "single quoted", "back slash"));
    EXPECT_EQ(m.serviceType, "exec");
    EXPECT_THAT(m.environment, ElementsAre("A=1", "B=2", "GREETING=hello world"));
    EXPECT_EQ(m.user, "billing");
    EXPECT_EQ(m.workingDirectory, "/srv/billing");
}

TEST_F(GoodConfig, GroupRestartableIsTheDefaultForItsMembers)
{
    const GroupSpec& g = group("frontend");
    EXPECT_FALSE(g.restartable);
    ASSERT_EQ(g.members.size(), 2u);
    EXPECT_FALSE(g.members[0].restartable);
    EXPECT_EQ(g.members[1].name, "pgm-frontend-cache.service");
    EXPECT_TRUE(g.members[1].restartable);
    EXPECT_EQ(g.members[1].serviceType, "simple");
    EXPECT_EQ(g.role, Role::Alternate);
    EXPECT_EQ(g.standby, StandbyKind::Cold);
}

TEST_F(GoodConfig, EveryKindOfResource)
{
    ASSERT_EQ(result.config.resources.size(), 4u);
    EXPECT_EQ(result.config.resources[0].name, "data-dir");

    const ResourceSpec& dirRes = resource("data-dir");
    EXPECT_EQ(dirRes.kind, ResourceKind::Path);
    EXPECT_EQ(dirRes.path, "/srv/data");
    EXPECT_EQ(dirRes.checkInterval, seconds(10));
    EXPECT_EQ(dirRes.commandTimeout, seconds(10));
    EXPECT_THAT(dirRes.reinit, IsEmpty());
    EXPECT_EQ(dirRes.sourceFile, dir + "/resources.d/data-dir.resource");

    const ResourceSpec& mount = resource("data-mount");
    EXPECT_EQ(mount.kind, ResourceKind::Mount);
    EXPECT_EQ(mount.path, "/srv");
    EXPECT_EQ(mount.checkInterval, seconds(30));

    const ResourceSpec& space = resource("scratch-space");
    EXPECT_EQ(space.kind, ResourceKind::FreeSpace);
    EXPECT_EQ(space.path, "/var/tmp");
    EXPECT_EQ(space.minFreeBytes, 3ULL << 29);
    EXPECT_THAT(space.reinit, ElementsAre("/usr/bin/clean-scratch", "--older-than", "1d"));

    const ResourceSpec& check = resource("db-check");
    EXPECT_EQ(check.kind, ResourceKind::Command);
    EXPECT_THAT(check.command, ElementsAre("/usr/bin/check-db", "--quick"));
    EXPECT_THAT(check.reinit, ElementsAre("/usr/bin/systemctl", "restart", "postgresql.service"));
    EXPECT_EQ(check.checkInterval, seconds(5));
    EXPECT_EQ(check.commandTimeout, seconds(2));
}

TEST_F(GoodConfig, AsksSystemdAboutEachExistingUnitOnce)
{
    std::multiset<std::string> expected(systemd.units.begin(), systemd.units.end());
    EXPECT_EQ(systemd.asked, expected);
}

TEST(UnitCheck, IsSkippedWithoutACallback)
{
    LoadResult result = loadConfig(test::dataDir("good"));
    EXPECT_TRUE(result.ok());
}

} // namespace
} // namespace pgmd
