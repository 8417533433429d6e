// The cluster part of the application layer (ClusterCoordinator) as pgmd
// runs it, on a fake corosync (tests/unit/cluster/fake_cluster.hpp) and a
// fake systemd on a private bus: the pair arbiter's decisions reach the
// engine, the halves reach the arbiter, and nothing a peer sends can break
// the daemon. No root, no corosync.

#include "app/daemon.hpp"

#include "../unit/cluster/fake_cluster.hpp"
#include "../unit/cluster/recording_listener.hpp"
#include "daemon_fixture.hpp"
#include "run_until.hpp"

#include "common/loop/system_clock.hpp"

#include <gtest/gtest.h>

namespace pgmd {
namespace {

using cluster::test::FakeClusterLink;
using cluster::test::FakeCorosync;
using test::runUntil;

constexpr const char* kPairFile =
    "[Group]\nLayer=application\nUnits=a.service\nRedundancy=hot-standby\nNodes=test-node other-node\n";

class ClusterAppTest : public test::DaemonFixture {
protected:
    void boot(bool withCluster)
    {
        makeDaemon({"a.service"}, {{"pair", kPairFile}}, clock, withCluster ? "[Cluster]\n" : "",
                   [this](cluster::ClusterListener& listener) {
                       ++linksMade;
                       return std::make_unique<FakeClusterLink>(corosync, 1, 100, listener);
                   });
        daemon->start();
    }

    GroupInfo pair() const { return daemon->view().group("pair").value_or(GroupInfo{}); }

    // The fake corosync delivers only when asked: between turns of the loop.
    bool settle(const std::function<bool()>& done)
    {
        return runUntil(loop, [&] {
            corosync.run();
            return done();
        });
    }

    pgm::SystemClock clock;
    FakeCorosync corosync{{1, 2}};
    int linksMade = 0;
};

TEST_F(ClusterAppTest, WithoutClusterNoLinkIsMadeAndThePairShowsNoOwners)
{
    boot(false);
    ASSERT_TRUE(settle([&] { return pair().state == "active"; })) << pair().state;
    EXPECT_EQ(linksMade, 0);
    EXPECT_EQ(pair().redundancy, "hot-standby");
    EXPECT_EQ(pair().clusterNodes, (std::vector<std::string>{"test-node", "other-node"}));
    EXPECT_TRUE(pair().owners.empty());
    EXPECT_FALSE(pair().lead);
}

// The other node's corosync runs without a pgmd: this half is the only ready
// one, so the arbiter makes this node the owner and the engine activates it.
TEST_F(ClusterAppTest, TheOnlyReadyHalfBecomesTheOwnerAndIsActivated)
{
    boot(true);
    ASSERT_TRUE(settle([&] { return pair().state == "active"; })) << pair().state;
    EXPECT_EQ(linksMade, 1);
    EXPECT_EQ(pair().owners, (std::vector<std::string>{"test-node"}));
    EXPECT_TRUE(pair().lead);
    EXPECT_EQ(pair().mate, "");
}

// What Manager.GetKey answers for the pair when the half here is not
// active: the half the delivered reports show active, here this node's own.
TEST_F(ClusterAppTest, ThePairKeyIsTheActiveHalfAsItsReportWasDelivered)
{
    boot(true);
    ASSERT_TRUE(settle([&] { return pair().state == "active" && daemon->view().pairKey("pair").node == "test-node"; }))
        << pair().state;
    const PairKeyInfo key = daemon->view().pairKey("pair");
    EXPECT_TRUE(key.paired);
    EXPECT_EQ(key.incarnation, pair().incarnation);
}

TEST_F(ClusterAppTest, WithoutClusterNoGroupIsPaired)
{
    boot(false);
    ASSERT_TRUE(settle([&] { return pair().state == "active"; })) << pair().state;
    EXPECT_FALSE(daemon->view().pairKey("pair").paired);
}

TEST_F(ClusterAppTest, MalformedMessagesFromAPeerAreDroppedAndNothingChanges)
{
    boot(true);
    ASSERT_TRUE(settle([&] { return pair().state == "active"; })) << pair().state;

    cluster::test::RecordingListener peerListener;
    FakeClusterLink peer(corosync, 2, 200, peerListener);
    peer.start("pgmd");
    const std::vector<std::string> garbage{"{not json", R"({"v":1,"type":"report"})",
                                           R"({"v":99,"type":"report"})", std::string(3, '\0')};
    for (const std::string& text : garbage)
        peer.multicast({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    // The peer hears this node's report, delivered after its own garbage.
    ASSERT_TRUE(settle([&] {
        return std::any_of(peerListener.events.begin(), peerListener.events.end(),
                           [](const std::string& e) { return e.find("message 1") == 0; });
    }));
    EXPECT_EQ(pair().state, "active");
    EXPECT_EQ(pair().owners, (std::vector<std::string>{"test-node"}));
}

} // namespace
} // namespace pgmd
