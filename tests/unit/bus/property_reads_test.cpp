// What one org.pgmd1.Group property read costs the StateSource: its own
// field, never the whole group, whether a client asks for one property,
// GetAll or GetManagedObjects; and what it shows right after a change.

#include "bus_fixture.hpp"

#include <gtest/gtest.h>
#include <map>
#include <string>

namespace pgmd::test {
namespace {

constexpr const char* kGroupIface = "org.pgmd1.Group";

class PropertyReadsTest : public BusFixture {
protected:
    PropertyReadsTest()
        : BusFixture(TEST_DATA_DIR "/test-bus.conf")
    {
    }
};

// Every org.pgmd1.Group property and the one field it reads.
const std::map<std::string, GroupField> kFieldOfProperty{
    {"Name", GroupField::Name},
    {"Layer", GroupField::Layer},
    {"State", GroupField::State},
    {"Role", GroupField::Role},
    {"Units", GroupField::Units},
    {"Slice", GroupField::Slice},
    {"DependsOn", GroupField::DependsOn},
    {"Resources", GroupField::Resources},
    {"ProcessRestarts", GroupField::ProcessRestarts},
    {"ProcessRestartBurst", GroupField::ProcessRestartBurst},
    {"GroupRestarts", GroupField::GroupRestarts},
    {"GroupRestartBurst", GroupField::GroupRestartBurst},
    {"LastFault", GroupField::LastFault},
    {"Incarnation", GroupField::Incarnation},
    {"Held", GroupField::Held},
    {"HoldReason", GroupField::HoldReason},
    {"Description", GroupField::Description},
    {"Members", GroupField::Members},
    {"ProcessRestartIntervalUSec", GroupField::ProcessRestartInterval},
    {"GroupRestartIntervalUSec", GroupField::GroupRestartInterval},
    {"ActivationTimeoutUSec", GroupField::ActivationTimeout},
    {"Handshake", GroupField::Handshake},
    {"Standby", GroupField::Standby},
    {"RequestedState", GroupField::RequestedState},
    {"RequestedIncarnation", GroupField::RequestedIncarnation},
    {"StateChangeTimestamp", GroupField::StateChangeTimestamp},
    {"LastFaultTimestamp", GroupField::LastFaultTimestamp},
    {"RecentSteps", GroupField::RecentSteps},
    {"WaitingFor", GroupField::WaitingFor},
    {"Redundancy", GroupField::Redundancy},
    {"ClusterNodes", GroupField::ClusterNodes},
    {"Owners", GroupField::Owners},
    {"Lead", GroupField::Lead},
    {"Mate", GroupField::Mate},
    {"MateState", GroupField::MateState},
};

// How often each field was asked for; any read of more than one field, or of
// none, counts under "wider".
struct ReadTally {
    std::map<unsigned, int> perField;
    int wider = 0;
};

ReadTally tally(const std::vector<GroupFields>& reads)
{
    ReadTally t;
    for (const GroupFields& r : reads) {
        int fields = 0;
        unsigned last = 0;
        for (unsigned i = 0; i < kGroupFieldCount; ++i)
            if (r.has(static_cast<GroupField>(i))) {
                ++fields;
                last = i;
            }
        if (fields == 1)
            ++t.perField[last];
        else
            ++t.wider;
    }
    return t;
}

TEST_F(PropertyReadsTest, TheTableCoversEveryField)
{
    ASSERT_EQ(kFieldOfProperty.size(), kGroupFieldCount);
    std::map<unsigned, int> seen;
    for (const auto& [property, field] : kFieldOfProperty)
        ++seen[static_cast<unsigned>(field)];
    EXPECT_EQ(seen.size(), kGroupFieldCount);
}

TEST_F(PropertyReadsTest, OnePropertyAsksForItsOwnFieldOnly)
{
    auto web = groupClient("web-front.v2");
    for (const auto& [property, field] : kFieldOfProperty) {
        source.clearGroupReads();
        (void)web->Get(kGroupIface, property);
        EXPECT_EQ(source.groupReads(), std::vector<GroupFields>{field}) << property;
    }
}

TEST_F(PropertyReadsTest, GetAllAsksForEachFieldOnce)
{
    auto web = groupClient("web-front.v2");
    source.clearGroupReads();
    const auto all = web->GetAll(kGroupIface);
    ASSERT_EQ(all.size(), kGroupFieldCount);
    const ReadTally t = tally(source.groupReads());
    EXPECT_EQ(t.wider, 0);
    EXPECT_EQ(t.perField.size(), kGroupFieldCount);
    for (const auto& [field, times] : t.perField)
        EXPECT_EQ(times, 1) << "field " << field;
}

TEST_F(PropertyReadsTest, GetManagedObjectsAsksForEachFieldOncePerGroup)
{
    source.clearGroupReads();
    const auto objects = manager->GetManagedObjects();
    ASSERT_EQ(objects.size(), 2u);
    const ReadTally t = tally(source.groupReads());
    EXPECT_EQ(t.wider, 0);
    EXPECT_EQ(t.perField.size(), kGroupFieldCount);
    for (const auto& [field, times] : t.perField)
        EXPECT_EQ(times, 2) << "field " << field;
}

TEST_F(PropertyReadsTest, EveryWayOfReadingShowsAChangeAtOnce)
{
    auto alpha = groupClient("alpha");
    const sdbus::ObjectPath path(BusServer::groupPath("alpha"));
    ASSERT_EQ(alpha->GetAll(kGroupIface).at("State").get<std::string>(), "active");
    ASSERT_EQ(manager->GetManagedObjects().at(path).at(kGroupIface).at("Incarnation").get<std::uint64_t>(), 4u);

    source.updateGroup("alpha", [](GroupInfo& g) {
        g.state = "init";
        g.incarnation = 5;
        g.members[0].mainPid = 999;
    });

    EXPECT_EQ(alpha->State(), "init");
    const auto all = alpha->GetAll(kGroupIface);
    EXPECT_EQ(all.at("State").get<std::string>(), "init");
    EXPECT_EQ(all.at("Incarnation").get<std::uint64_t>(), 5u);
    const auto objects = manager->GetManagedObjects();
    const auto& props = objects.at(path).at(kGroupIface);
    EXPECT_EQ(props.at("State").get<std::string>(), "init");
    EXPECT_EQ(props.at("Incarnation").get<std::uint64_t>(), 5u);
    using MemberRow = sdbus::Struct<std::string, std::string, std::string, std::uint32_t>;
    EXPECT_EQ(props.at("Members").get<std::vector<MemberRow>>().at(0).get<3>(), 999u);
}

} // namespace
} // namespace pgmd::test
