// Resource objects: /org/pgmd1/resource/<escaped name> with org.pgmd1.Resource,
// what they show, what they announce, and how they follow a reload.

#include "bus_fixture.hpp"

#include "bus/bus_names.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace pgmd::test {
namespace {

constexpr const char* kResourceIface = "org.pgmd1.Resource";

ResourceInfo spoolResource()
{
    ResourceInfo r;
    r.name = "spool";
    r.kind = "path";
    r.state = "ok";
    r.path = "/var/spool/billing";
    r.reinit = {"/bin/mkdir", "-p", "/var/spool/billing"};
    r.usedBy = {"alpha"};
    r.checkIntervalUsec = 10'000'000;
    r.timeoutUsec = 5'000'000;
    r.lastCheckTimestampUsec = 1'700'000'010'000'000;
    r.stateChangeTimestampUsec = 1'700'000'000'000'000;
    return r;
}

// A name that must be escaped in its path.
ResourceInfo dataDiskResource()
{
    ResourceInfo r;
    r.name = "data-disk";
    r.kind = "free-space";
    r.state = "unknown";
    r.path = "/srv";
    r.minFreeBytes = 1 << 30;
    return r;
}

class ResourceObjectsTest : public BusFixture {
protected:
    ResourceObjectsTest()
        : BusFixture(TEST_DATA_DIR "/test-bus.conf")
    {
    }

    void SetUp() override
    {
        source.addResource(spoolResource());
        source.addResource(dataDiskResource());
        BusFixture::SetUp();
    }

    std::unique_ptr<ResourceClient> resourceClient(const std::string& name)
    {
        return std::make_unique<ResourceClient>(*clientConnection, busnames::kService,
                                                busnames::resourceObjectPath(name));
    }

    std::vector<std::vector<sdbus::ObjectPath>> resourcesChanges() const
    {
        std::vector<std::vector<sdbus::ObjectPath>> changes;
        for (const PropertiesChangedSignal& s : manager->propertyChanges)
            if (auto it = s.changed.find("Resources"); it != s.changed.end())
                changes.push_back(it->second.get<std::vector<sdbus::ObjectPath>>());
        return changes;
    }
};

TEST_F(ResourceObjectsTest, PathsAreEscapedAsGroupPathsAre)
{
    EXPECT_EQ(busnames::resourceObjectPath("spool"), "/org/pgmd1/resource/spool");
    EXPECT_EQ(busnames::resourceObjectPath("data-disk"), "/org/pgmd1/resource/data_2ddisk");
}

TEST_F(ResourceObjectsTest, PropertiesReadFromTheSource)
{
    auto spool = resourceClient("spool");
    EXPECT_EQ(spool->Name(), "spool");
    EXPECT_EQ(spool->Kind(), "path");
    EXPECT_EQ(spool->State(), "ok");
    EXPECT_EQ(spool->Path(), "/var/spool/billing");
    EXPECT_EQ(spool->Reinit(), (std::vector<std::string>{"/bin/mkdir", "-p", "/var/spool/billing"}));
    EXPECT_EQ(spool->UsedBy(), std::vector<std::string>{"alpha"});
    EXPECT_EQ(spool->CheckIntervalUSec(), 10'000'000u);
    EXPECT_EQ(spool->TimeoutUSec(), 5'000'000u);
    EXPECT_EQ(spool->LastCheckTimestamp(), 1'700'000'010'000'000u);
    EXPECT_EQ(spool->StateChangeTimestamp(), 1'700'000'000'000'000u);
    EXPECT_EQ(spool->LastError(), "");
    EXPECT_EQ(spool->ReinitCount(), 0u);

    auto disk = resourceClient("data-disk");
    EXPECT_EQ(disk->Kind(), "free-space");
    EXPECT_EQ(disk->MinFreeBytes(), 1u << 30);
    EXPECT_EQ(disk->GetAll(kResourceIface).size(), 15u);
}

TEST_F(ResourceObjectsTest, ManagedObjectsListAndLookUp)
{
    const auto objects = manager->GetManagedObjects();
    ASSERT_EQ(objects.count(sdbus::ObjectPath("/org/pgmd1/resource/spool")), 1u);
    const auto& spool = objects.at(sdbus::ObjectPath("/org/pgmd1/resource/spool"));
    ASSERT_EQ(spool.count(kResourceIface), 1u);
    EXPECT_EQ(spool.at(kResourceIface).at("State").get<std::string>(), "ok");
    EXPECT_EQ(objects.count(sdbus::ObjectPath("/org/pgmd1/resource/data_2ddisk")), 1u);

    const auto rows = manager->ListResources();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(std::get<0>(rows[0]), "spool") << "configuration order";
    EXPECT_EQ(std::get<1>(rows[0]), "path");
    EXPECT_EQ(std::get<2>(rows[0]), "ok");
    EXPECT_EQ(std::get<5>(rows[1]), sdbus::ObjectPath("/org/pgmd1/resource/data_2ddisk"));
    EXPECT_EQ(manager->Resources(), (std::vector<sdbus::ObjectPath>{sdbus::ObjectPath("/org/pgmd1/resource/spool"),
                                                                    sdbus::ObjectPath("/org/pgmd1/resource/data_2ddisk")}));

    EXPECT_EQ(manager->GetResource("data-disk"), sdbus::ObjectPath("/org/pgmd1/resource/data_2ddisk"));
    try {
        (void)manager->GetResource("nothing");
        FAIL() << "an unknown resource has an object";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.NoSuchResource");
        EXPECT_NE(e.getMessage().find("nothing"), std::string::npos) << e.getMessage();
    }
}

TEST_F(ResourceObjectsTest, AChangeIsAnnouncedWithoutTheCheckTime)
{
    auto spool = resourceClient("spool");
    source.updateResource("spool", [](ResourceInfo& r) {
        r.state = "failing";
        r.lastError = "/var/spool/billing: No such file or directory";
        r.reinitCount = 1;
        r.lastCheckTimestampUsec += 10'000'000;
    });
    withServerPaused([&] { server->resourceChanged("spool"); });
    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return !spool->propertyChanges.empty(); }));

    const PropertiesChangedSignal& signal = spool->propertyChanges.front();
    EXPECT_EQ(signal.interface, kResourceIface);
    EXPECT_EQ(signal.changed.at("State").get<std::string>(), "failing");
    EXPECT_EQ(signal.changed.at("LastError").get<std::string>(), "/var/spool/billing: No such file or directory");
    EXPECT_EQ(signal.changed.at("ReinitCount").get<std::uint32_t>(), 1u);
    EXPECT_EQ(signal.changed.count("LastCheckTimestamp"), 0u) << "EmitsChangedSignal=false";
    EXPECT_EQ(signal.changed.count("Name"), 0u) << "const";
    EXPECT_EQ(signal.changed.count("Kind"), 0u) << "const";
    EXPECT_EQ(spool->LastCheckTimestamp(), 1'700'000'020'000'000u) << "yet it reads the new value";
}

TEST_F(ResourceObjectsTest, AChangeOfAnUnknownNameIsIgnored)
{
    withServerPaused([&] { server->resourceChanged("nothing"); });
    EXPECT_EQ(manager->ListResources().size(), 2u);
}

TEST_F(ResourceObjectsTest, SyncAddsAndRemovesObjects)
{
    source.removeResource("data-disk");
    ResourceInfo cache = spoolResource();
    cache.name = "cache";
    source.addResource(cache);
    actAndHearAll([&] { server->syncResources(); });

    ASSERT_EQ(manager->objectSignals.size(), 2u);
    EXPECT_EQ(manager->objectSignals[0].kind, "removed");
    EXPECT_EQ(manager->objectSignals[0].path, "/org/pgmd1/resource/data_2ddisk");
    const auto& removed = manager->objectSignals[0].interfaces;
    EXPECT_NE(std::find(removed.begin(), removed.end(), kResourceIface), removed.end());
    EXPECT_EQ(manager->objectSignals[1].kind, "added");
    EXPECT_EQ(manager->objectSignals[1].path, "/org/pgmd1/resource/cache");
    EXPECT_EQ(resourcesChanges(), (std::vector<std::vector<sdbus::ObjectPath>>{
                                      {sdbus::ObjectPath("/org/pgmd1/resource/spool"),
                                       sdbus::ObjectPath("/org/pgmd1/resource/cache")}}));
    EXPECT_EQ(manager->GetManagedObjects().count(sdbus::ObjectPath("/org/pgmd1/resource/data_2ddisk")), 0u);
    try {
        (void)resourceClient("data-disk")->State();
        FAIL() << "the removed resource's object still answers";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.freedesktop.DBus.Error.UnknownObject") << e.getMessage();
    }
}

TEST_F(ResourceObjectsTest, AResourceOfAnotherKindGetsANewObject)
{
    source.updateResource("spool", [](ResourceInfo& r) { r.kind = "mount"; });
    actAndHearAll([&] { server->syncResources(); });
    ASSERT_EQ(manager->objectSignals.size(), 2u);
    EXPECT_EQ(manager->objectSignals[0].kind, "removed");
    EXPECT_EQ(manager->objectSignals[1].kind, "added");
    EXPECT_TRUE(resourcesChanges().empty()) << "the list of resources did not change";
}

TEST_F(ResourceObjectsTest, OtherChangesKeepTheObjects)
{
    source.updateResource("spool", [](ResourceInfo& r) { r.path = "/srv/spool"; });
    actAndHearAll([&] { server->syncResources(); });
    EXPECT_TRUE(manager->objectSignals.empty());
    EXPECT_EQ(resourceClient("spool")->Path(), "/srv/spool");
}

} // namespace
} // namespace pgmd::test
