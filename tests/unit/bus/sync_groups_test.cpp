// BusServer::syncGroups after a configuration change: group objects follow
// the source's names, announced through the ObjectManager signals and
// Manager.Groups.

#include "bus_fixture.hpp"

#include "bus/bus_names.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace pgmd::test {
namespace {

constexpr const char* kGroupIface = "org.pgmd1.Group";

GroupInfo gammaGroup()
{
    GroupInfo g = alphaGroup();
    g.name = "gamma";
    g.slice = "pgm-platform-gamma.slice";
    g.units = {"gamma.service"};
    g.incarnation = 1;
    return g;
}

class SyncGroupsTest : public BusFixture {
protected:
    SyncGroupsTest()
        : BusFixture(TEST_DATA_DIR "/test-bus.conf")
    {
    }

    // Syncs, then collects what the manager client hears.
    void syncAndListen()
    {
        actAndHearAll([&] { server->syncGroups(); });
    }

    // Manager.Groups as the PropertiesChanged signals carried it, one entry per signal.
    std::vector<std::vector<sdbus::ObjectPath>> groupsChanges() const
    {
        std::vector<std::vector<sdbus::ObjectPath>> changes;
        for (const PropertiesChangedSignal& s : manager->propertyChanges)
            if (auto it = s.changed.find("Groups"); it != s.changed.end())
                changes.push_back(it->second.get<std::vector<sdbus::ObjectPath>>());
        return changes;
    }

    std::vector<std::string> managedPaths()
    {
        std::vector<std::string> paths;
        for (const auto& [path, interfaces] : manager->GetManagedObjects())
            paths.push_back(path);
        return paths;
    }
};

TEST_F(SyncGroupsTest, ANewGroupGetsAnObject)
{
    source.addGroup(gammaGroup());
    syncAndListen();

    ASSERT_EQ(manager->objectSignals.size(), 1u);
    const ObjectSignal& added = manager->objectSignals.front();
    EXPECT_EQ(added.kind, "added");
    EXPECT_EQ(added.path, "/org/pgmd1/group/gamma");
    EXPECT_NE(std::find(added.interfaces.begin(), added.interfaces.end(), kGroupIface), added.interfaces.end());
    EXPECT_EQ(groupsChanges(), (std::vector<std::vector<sdbus::ObjectPath>>{
                                   {sdbus::ObjectPath("/org/pgmd1/group/alpha"),
                                    sdbus::ObjectPath("/org/pgmd1/group/web_2dfront_2ev2"),
                                    sdbus::ObjectPath("/org/pgmd1/group/gamma")}}));
    EXPECT_EQ(groupClient("gamma")->Units(), std::vector<std::string>{"gamma.service"});
    EXPECT_EQ(managedPaths().size(), 3u);
}

TEST_F(SyncGroupsTest, ARemovedGroupLosesItsObject)
{
    source.removeGroup("web-front.v2");
    syncAndListen();

    ASSERT_EQ(manager->objectSignals.size(), 1u);
    EXPECT_EQ(manager->objectSignals.front().kind, "removed");
    EXPECT_EQ(manager->objectSignals.front().path, "/org/pgmd1/group/web_2dfront_2ev2");
    const auto& removed = manager->objectSignals.front().interfaces;
    EXPECT_NE(std::find(removed.begin(), removed.end(), kGroupIface), removed.end());
    EXPECT_EQ(groupsChanges(),
              (std::vector<std::vector<sdbus::ObjectPath>>{{sdbus::ObjectPath("/org/pgmd1/group/alpha")}}));
    EXPECT_EQ(managedPaths(), std::vector<std::string>{"/org/pgmd1/group/alpha"});
    try {
        (void)groupClient("web-front.v2")->State();
        FAIL() << "the removed group's object still answers";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.freedesktop.DBus.Error.UnknownObject") << e.getMessage();
    }
}

TEST_F(SyncGroupsTest, AGroupWhoseConstPropertiesChangedGetsANewObject)
{
    source.updateGroup("alpha", [](GroupInfo& g) { g.units.push_back("alpha-search.service"); });
    syncAndListen();

    ASSERT_EQ(manager->objectSignals.size(), 2u);
    EXPECT_EQ(manager->objectSignals[0].kind, "removed");
    EXPECT_EQ(manager->objectSignals[0].path, "/org/pgmd1/group/alpha");
    EXPECT_EQ(manager->objectSignals[1].kind, "added");
    EXPECT_EQ(manager->objectSignals[1].path, "/org/pgmd1/group/alpha");
    EXPECT_TRUE(groupsChanges().empty()) << "the list of groups did not change";
    EXPECT_EQ(groupClient("alpha")->Units().size(), 3u);
}

TEST_F(SyncGroupsTest, OtherChangesKeepTheObjects)
{
    source.updateGroup("alpha", [](GroupInfo& g) {
        g.state = "unavailable";
        g.dependsOn = {"web-front.v2"};
        g.description = "changed";
    });
    syncAndListen();
    EXPECT_TRUE(manager->objectSignals.empty());
    EXPECT_TRUE(groupsChanges().empty());
}

TEST_F(SyncGroupsTest, ANewOrderIsANewGroupsList)
{
    source.removeGroup("alpha");
    source.addGroup(alphaGroup());  // now last
    syncAndListen();
    EXPECT_TRUE(manager->objectSignals.empty());
    EXPECT_EQ(groupsChanges(), (std::vector<std::vector<sdbus::ObjectPath>>{
                                   {sdbus::ObjectPath("/org/pgmd1/group/web_2dfront_2ev2"),
                                    sdbus::ObjectPath("/org/pgmd1/group/alpha")}}));
}

TEST_F(SyncGroupsTest, InterestOutlivesARemovedGroup)
{
    manager->RegisterInterest("web-front.v2");
    source.removeGroup("web-front.v2");
    syncAndListen();
    // While it is gone, nobody new may register for it...
    auto otherConnection = connectClient();
    ManagerClient other(*otherConnection, busnames::kService);
    try {
        other.RegisterInterest("web-front.v2");
        FAIL() << "registered interest in a group that is gone";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.NoSuchGroup");
    }

    // ...but the client that did hears of it when it comes back.
    source.addGroup(webGroup());
    syncAndListen();
    withServerPaused([&] { server->notifyBorn("web-front.v2", 18); });
    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return !manager->lifeSignals.empty(); }));
    EXPECT_EQ(manager->lifeSignals, (std::vector<LifeSignal>{{"born", "web-front.v2", 18, ""}}));
}

} // namespace
} // namespace pgmd::test
