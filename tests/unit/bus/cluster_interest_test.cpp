// Births and deaths of the active halves of paired groups on the bus
// (Cluster.HalfBorn, HalfDied): sent to the clients interested in the group
// (Manager.RegisterInterest) and to no one else, and heard through
// libpgmd-client's watchHalves(), beside watch() and activeHalf().

#include "bus_fixture.hpp"
#include "bus_monitor.hpp"

#include "bus/bus_names.hpp"
#include "bus/cluster_object.hpp"
#include "bus/cluster_source.hpp"
#include "bus/request_gate.hpp"

#include <pgmd/client.hpp>

#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

namespace pgmd::test {
namespace {

// What the arbiter would say: alpha's active half is on n1 as incarnation 7.
class FakeCluster final : public ClusterSource {
public:
    ClusterInfo cluster() const override { return {}; }
    OpResult switchover(const std::string&, const std::string&) override { return {}; }
    ClusterKey key(const std::string& group) const override
    {
        if (group == "alpha")
            return {{}, "n1", 7};
        if (group == "web-front.v2")
            return {{OpError::NotPaired, "web-front.v2 is not paired across computers (Redundancy=none)"}};
        return {{OpError::NoSuchGroup, "No group named '" + group + "'"}};
    }
};

class ClusterInterestTest : public BusFixture {
protected:
    ClusterInterestTest()
        : BusFixture(TEST_DATA_DIR "/test-bus.conf")
    {
    }

    void SetUp() override
    {
        BusFixture::SetUp();
        withServerPaused([&] {
            gate = std::make_unique<RequestGate>(*serverConnection, kAdminGroup, source.audit);
            object = std::make_unique<ClusterObject>(*serverConnection, *gate, fakeCluster);
        });
    }

    void TearDown() override
    {
        withServerPaused([&] {
            object.reset();
            gate.reset();
        });
        BusFixture::TearDown();
    }

    // As the coordinator sends them: to the clients interested in the group.
    void born(const std::string& group, const std::string& node, std::uint64_t incarnation)
    {
        object->sendHalfBorn(server->interestedClients(group), group, node, incarnation);
    }
    void died(const std::string& group, const std::string& node, std::uint64_t incarnation,
              const std::string& reason)
    {
        object->sendHalfDied(server->interestedClients(group), group, node, incarnation, reason);
    }
    // A broadcast every client receives after whatever was sent before it.
    void sendMarker() { server->emitEscalationStep("", "marker", "end of test traffic"); }

    FakeCluster fakeCluster;
    std::unique_ptr<RequestGate> gate;
    std::unique_ptr<ClusterObject> object;
};

bool sawMarker(const BusMonitor& monitor)
{
    return std::any_of(monitor.seen.begin(), monitor.seen.end(),
                       [](const SeenSignal& s) { return s.member == "EscalationStep"; });
}

TEST_F(ClusterInterestTest, HalvesAreToldToTheInterestedClientAloneAndNotBroadcast)
{
    BusMonitor monitor(bus.address(), {"type='signal',interface='org.pgmd1.Cluster'",
                                       "type='signal',member='EscalationStep'"});
    auto otherConnection = connectClient();
    ManagerClient other(*otherConnection, busnames::kService);
    other.RegisterInterest("web-front.v2");
    manager->RegisterInterest("alpha");
    withServerPaused([&] {
        died("alpha", "n1", 7, "n1's half is unavailable and held");
        born("alpha", "n2", 3);
        born("web-front.v2", "n1", 1);
        sendMarker();
    });
    ASSERT_TRUE(monitor.readUntil([&] { return sawMarker(monitor); }));
    std::vector<std::pair<std::string, std::string>> seen;  // member, destination
    for (const SeenSignal& s : monitor.seen)
        if (s.member == "HalfBorn" || s.member == "HalfDied")
            seen.emplace_back(s.member, s.destination);
    const std::string me = clientConnection->getUniqueName();
    const std::string them = otherConnection->getUniqueName();
    EXPECT_EQ(seen, (std::vector<std::pair<std::string, std::string>>{
                        {"HalfDied", me}, {"HalfBorn", me}, {"HalfBorn", them}}));
}

TEST_F(ClusterInterestTest, TheClientLibraryHearsHalvesApartFromTheLocalGroupsLife)
{
    client::Client client(*clientConnection);
    std::vector<std::string> heard;
    client.watch(
        "alpha", [&](const client::Key& k) { heard.push_back("group born " + std::to_string(k.incarnation)); },
        [&](const client::Key& k, const std::string&) {
            heard.push_back("group died " + std::to_string(k.incarnation));
        });
    client.watchHalves(
        "alpha",
        [&](const client::HalfKey& k) {
            heard.push_back("half born " + k.group + "@" + k.node + "#" + std::to_string(k.incarnation));
        },
        [&](const client::HalfKey& k, const std::string& reason) {
            heard.push_back("half died " + k.group + "@" + k.node + "#" + std::to_string(k.incarnation) + ": " +
                            reason);
        });
    EXPECT_EQ(client.activeHalf("alpha"), (client::HalfKey{"alpha", "n1", 7}));

    withServerPaused([&] {
        died("alpha", "n1", 7, "n1's half is unavailable and held");
        server->notifyBorn("alpha", 4);  // this node's own half, as before
        born("alpha", "n2", 3);
        sendMarker();
    });
    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return heard.size() == 3; }));
    EXPECT_EQ(heard, (std::vector<std::string>{"half died alpha@n1#7: n1's half is unavailable and held",
                                               "group born 4", "half born alpha@n2#3"}));

    // Unwatched: neither kind of handler hears anything more.
    client.unwatch("alpha");
    manager->escalations.clear();
    auto probeConnection = connectClient();
    ManagerClient probe(*probeConnection, busnames::kService);
    probe.RegisterInterest("alpha");
    withServerPaused([&] {
        born("alpha", "n1", 8);
        sendMarker();
    });
    ASSERT_TRUE(pumpUntil(*probeConnection, [&] { return !probe.escalations.empty(); }));
    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return !manager->escalations.empty(); }));
    EXPECT_EQ(heard.size(), 3u);
}

TEST_F(ClusterInterestTest, ActiveHalfOfAGroupNotPairedIsAnError)
{
    client::Client client(*clientConnection);
    try {
        (void)client.activeHalf("web-front.v2");
        FAIL() << "activeHalf succeeded";
    } catch (const client::Error& e) {
        EXPECT_EQ(e.name(), "org.pgmd1.Error.NotPaired");
    }
    try {
        (void)client.activeHalf("nope");
        FAIL() << "activeHalf succeeded";
    } catch (const client::Error& e) {
        EXPECT_EQ(e.kind(), client::ErrorKind::NoSuchGroup);
    }
}

} // namespace
} // namespace pgmd::test
