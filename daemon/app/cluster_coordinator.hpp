#pragma once
// Clusters in the running pgmd (pgmd.conf [Cluster]): the pair arbiter
// (core/cluster) put together with the corosync link, the fence agent, the
// engine and /org/pgmd1/cluster. It carries events to the arbiter and the
// arbiter's ClusterActions out; what they mean is the arbiter's business.
//
// After every burst of engine actions that touched a clustered group it
// reports this node's halves to the arbiter (which multicasts only on
// change), and carries what comes back until engine and arbiter agree, as
// core/cluster/README.md asks of the application layer.

#include "action_executor.hpp"
#include "cluster_view.hpp"
#include "peer_watch.hpp"

#include "board_link/board_events.hpp"
#include "bus/cluster_source.hpp"
#include "cluster/cluster_link.hpp"
#include "core/cluster/half_keys.hpp"
#include "core/cluster/pair_arbiter.hpp"
#include "common/loop/event_sources.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sdbus {
class IConnection;
}

namespace pgm {
class EventLoop;
}

namespace pgmd {

class BoardLinkSink;
class BusServer;
class ClusterObject;
class CurrentConfig;
class Engine;
class FenceAgent;
class RequestAudit;
class RequestGate;
struct FenceOutcome;

class ClusterCoordinator final : public ActionSink, private cluster::ClusterListener, private ClusterSource {
public:
    using LinkFactory = std::function<std::unique_ptr<cluster::ClusterLink>(cluster::ClusterListener&)>;

    struct Parts {
        const CurrentConfig& config;
        Engine& engine;
        ActionExecutor& executor;
        pgm::EventLoop& loop;
        const Clock& clock;
        sdbus::IConnection& apiBus;
        BusServer& bus;  // the group objects, for Redundancy=, Owners, Lead...
        RequestAudit& audit;
    };

    // Nothing when the configuration has no [Cluster]: no link, no object.
    static std::unique_ptr<ClusterCoordinator> create(const Parts& parts, const LinkFactory& makeLink);
    ~ClusterCoordinator() override;

    // Registers /org/pgmd1/cluster (before pgmd takes its bus name) and
    // starts connecting to corosync.
    void start();
    // The configuration was reloaded (CurrentConfig holds the new one).
    void reconfigured();
    // The independent computer fences lost peers and tells of hosts it
    // switched off (cluster_board.cpp); without it, only FenceCommand= fences.
    void attachBoard(BoardLinkSink& board);

    // What the group objects show of the pairs.
    const ClusterSource& source() const { return *this; }
    PairOfGroup pairOf(const std::string& group) const;

    // ActionSink
    void perform(const Action& action) override;
    void batchDone() override;

private:
    ClusterCoordinator(const Parts& parts, const LinkFactory& makeLink);

    // ClusterListener
    void joined(cluster::NodeId self) override;
    void membershipChanged(const cluster::MembershipChange& change) override;
    void delivered(cluster::NodeId from, std::uint32_t pid, std::span<const std::uint8_t> bytes) override;
    void quorumChanged(const cluster::QuorumState& quorum) override;
    void linksChanged(const std::vector<cluster::LinkState>& links) override;
    void disconnected(cluster::LossReason reason, const std::string& detail) override;

    // ClusterSource
    ClusterInfo cluster() const override;
    OpResult switchover(const std::string& group, const std::string& node) override;
    ClusterKey key(const std::string& group) const override;

    // Carries `actions`, then reports the halves until they stop changing.
    void handle(cluster::ClusterActions actions);
    void carry(const cluster::ClusterActions& actions);
    void switchoverEnded(const cluster::SwitchoverEnded&);
    void multicast(const cluster::Message& message);
    void fence(const cluster::FenceNode& request);
    void fenceThroughBoard(const cluster::FenceThroughBoard& request);
    void onBoardEvent(const boardlink::BoardEvent& event);
    void boardAnswered(const boardlink::FenceAnswer& answer);
    void boardNotice(const icd::PeerNotice& notice);
    // The board's view of a peer: kept by the arbiter (what pgmd shows) and
    // evidence for the diagnosis of a lost peer; decides nothing by itself.
    void boardPeer(cluster::NodeId node, cluster::BoardPeerView view);
    // The diagnosis asks how the board sees `node` (PEER_QUERY); the answer
    // comes back as a PeerStatus.
    void askBoard(cluster::NodeId node);
    // "node-b (host 2)", or "host 2" when no report gives that host id.
    std::string boardHostName(icd::HostId host) const;
    void fenced(const FenceOutcome& outcome);
    void logMembers(const std::vector<cluster::MemberEvent>& events, const char* verb);
    std::string nodeName(cluster::NodeId id) const;
    void armTimer();
    void publishView();
    // Births and deaths of active halves (HalfKeys) to the journal and to
    // the clients interested in their groups.
    void announceHalves();

    const CurrentConfig& config_;
    Engine& engine_;
    ActionExecutor& executor_;
    sdbus::IConnection& apiBus_;
    BusServer& bus_;
    RequestAudit& audit_;
    cluster::PairArbiter arbiter_;
    cluster::HalfKeys halfKeys_;
    std::unique_ptr<FenceAgent> fenceAgent_;  // none without FenceCommand=
    BoardLinkSink* board_ = nullptr;          // none without [IndependentComputer]
    bool boardCanFence_ = false;              // as the board link last said
    std::map<std::string, cluster::NodeId> fencing_;  // by node name, while the agent runs
    std::unique_ptr<RequestGate> gate_;
    std::unique_ptr<ClusterObject> object_;
    std::string connection_ = "connecting";
    bool quorate_ = false;
    std::vector<cluster::LinkState> links_;
    std::uint64_t dropped_ = 0;  // messages that did not decode
    std::map<std::string, std::vector<std::string>> needsFencing_;  // per group, as last logged
    bool halvesChanged_ = false;
    bool settling_ = false;
    pgm::MonotonicTimer timer_;
    pgm::DeferredWork viewWork_;
    PeerWatch peers_;
    // Last: it goes first, before anything its listener (this) uses.
    std::unique_ptr<cluster::ClusterLink> link_;
};

} // namespace pgmd
