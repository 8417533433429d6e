// The cluster part of the application layer (ClusterCoordinator) as pgmd
// runs it, on a fake corosync (tests/unit/cluster/fake_cluster.hpp) and a
// fake systemd on a private bus: the pair arbiter's decisions reach the
// engine, the halves reach the arbiter, and nothing a peer sends can break
// the daemon. No root, no corosync.

#include "app/daemon.hpp"

#include "../unit/board-link/pty_board.hpp"
#include "../unit/cluster/fake_cluster.hpp"
#include "../unit/cluster/recording_listener.hpp"
#include "daemon_fixture.hpp"
#include "run_until.hpp"

#include "common/loop/system_clock.hpp"
#include "config/config_loader.hpp"
#include "core/cluster/definition_digest.hpp"
#include "core/cluster/messages.hpp"
#include "persist/state_writer.hpp"
#include "systemd/systemd_client.hpp"

#include <filesystem>
#include <fstream>

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
    // `extra`: more of pgmd.conf ([IndependentComputer]).
    void boot(bool withCluster, const std::string& extra = {})
    {
        makeDaemon({"a.service"}, {{"pair", kPairFile}}, clock, extra + (withCluster ? "[Cluster]\n" : ""),
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

// The independent computer on a pseudo-terminal (a real BoardSession): the
// other node owns the pair and is still a CPG member when the board says its
// host is off. This node takes it as fenced at once and activates its half,
// before corosync changes the membership; the notice is acknowledged, and a
// copy of it is acknowledged again and acted on no more.
TEST_F(ClusterAppTest, BoardOffNoticeActivatesTheMateBeforeTheMembershipChanges)
{
    boardlink::test::PtyBoard board;
    if (board.slavePath.empty())
        GTEST_SKIP() << "no pseudo-terminal available";
    // The fake board's key (32 bytes of 0x5a), as only its owner may read it.
    const std::filesystem::path key = std::filesystem::path(configDir.path()) / "host.key";
    std::string hex;
    for (int i = 0; i < 32; ++i)
        hex += "5a";
    std::ofstream(key) << hex;
    std::filesystem::permissions(key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);

    cluster::test::RecordingListener peerListener;
    FakeClusterLink peer(corosync, 2, 200, peerListener);
    peer.start("pgmd");
    corosync.run();
    boot(true, "[IndependentComputer]\nLink=serial\nDevice=" + board.slavePath + "\nKeyFile=" + key.string() +
                   "\nHostId=" +
                   std::to_string(boardlink::test::FakeBoard::kHost) + "\nHeartbeatInterval=100ms\nStatusInterval=0\n");
    auto turn = [&](const std::function<bool()>& done) {
        return settle([&] {
            board.pump();
            return done();
        });
    };
    ASSERT_TRUE(turn([&] { return pair().state == "standby"; })) << pair().state;

    // The other node (board host 3) reports its half active and its owner record.
    LoadResult loaded = loadConfig(configDir.path());
    ASSERT_TRUE(loaded.ok());
    cluster::Report report;
    report.nodeName = "other-node";
    report.quorate = true;
    report.boardHost = 3;
    report.boardCanFence = true;
    report.halves.push_back(cluster::HalfReport{"pair", cluster::definitionDigest(loaded.config.groups.front()),
                                                GroupState::Active, false, true, false, 1});
    report.owners.push_back(cluster::OwnerRecord{"pair", 5, {"other-node"}, "", std::nullopt});
    const std::string bytes = cluster::encode(report);
    peer.multicast({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
    ASSERT_TRUE(turn([&] {
        return pair().owners == std::vector<std::string>{"other-node"} &&
               board.board.count(icd::MessageType::Heartbeat) > 0;
    })) << pair().state;
    EXPECT_EQ(pair().state, "standby");

    const icd::PeerNotice off{900, 3, icd::PeerEvent::Off, icd::ActionReason::HeartbeatTimeout, 0};
    board.send(board.board.notice(off));
    ASSERT_TRUE(turn([&] { return pair().state == "active"; })) << pair().state;
    EXPECT_EQ(pair().owners, (std::vector<std::string>{"test-node"}));
    EXPECT_EQ(corosync.groupMembers(), (std::vector<cluster::NodeId>{1, 2})) << "corosync has not noticed";
    ASSERT_TRUE(turn([&] { return board.board.count(icd::MessageType::NoticeAck) == 1; }));
    EXPECT_EQ(std::get<icd::NoticeAck>(board.board.accepted.back().payload).id, 900u);

    board.send(board.board.notice(off));
    ASSERT_TRUE(turn([&] { return board.board.count(icd::MessageType::NoticeAck) == 2; }));
    EXPECT_EQ(pair().state, "active");
}

} // namespace
} // namespace pgmd
