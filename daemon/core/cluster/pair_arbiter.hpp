#pragma once
// The pair arbiter (README.md beside this file): decides which node's half
// of each clustered group is active, from the agreed sequence of membership
// changes and messages that corosync's CPG delivers to every node alike.
// Events in, ClusterActions out; time only through the Clock.

#include "board_peer_view.hpp"
#include "definition_digest.hpp"
#include "membership.hpp"
#include "messages.hpp"
#include "owner_rule.hpp"
#include "core/group_state.hpp"
#include "core/model.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pgmd::cluster {

// What the arbiter asks for.
struct Multicast { Message message; };
// Local halves only: when the target changes, or again when a half that
// should be active came back standby on its own (README, "The engine's side").
struct SetRunTarget { std::string group; GroupState target; std::string reason; };
struct SetLead { std::string group; bool lead = false; };
// Only on the fencer: run the fence agent and report through onFenceDone().
struct FenceNode { NodeId node = 0; std::string nodeName; };
// Ask this node's independent computer to fence `node` (FENCE_PEER), saying
// how many paired halves are active here: the board's tie-break when both
// sides of a partition ask. Answered through onBoardFenced (the Off notice),
// onFenceRefused, onBoardFenceFailed or onBoardAbility(false).
struct FenceThroughBoard {
    NodeId node = 0;
    std::string nodeName;
    std::uint8_t boardHost = 0;
    std::uint16_t activeCount = 0;
};
struct Failover { std::string group; std::string fromNode; std::string toNode; std::string reason; };
struct PairFrozen { std::string group; bool frozen = true; std::string why; };
// How a switch-over ended (README, "Switch-over"), on every node that keeps
// the pair, at the same delivered event: the asking node learns it too.
enum class SwitchoverOutcome { Completed, Abandoned, Refused };
const char* toString(SwitchoverOutcome);
// fromNode: the owner standing down (empty when a refused request found
// none); toNode: the named node, or the successor once chosen (may be
// empty); byNode: the node that asked, so that it knows its own request.
struct SwitchoverEnded {
    std::string group;
    std::string fromNode;
    std::string toNode;
    std::string byNode;
    SwitchoverOutcome outcome = SwitchoverOutcome::Completed;
    std::string reason;
};
struct ClusterViewChanged {};
using ClusterAction = std::variant<Multicast, SetRunTarget, SetLead, FenceNode, FenceThroughBoard, Failover,
                                   PairFrozen, SwitchoverEnded, ClusterViewChanged>;
using ClusterActions = std::vector<ClusterAction>;

// A failed fence is tried again after this long.
inline constexpr Duration kFenceRetryDelay = std::chrono::seconds(10);

struct NodeView {
    NodeId id = 0;          // 0 until the node's pgmd was seen
    std::string name;
    Presence presence = Presence::Absent;
    bool quorate = false;
    bool canFence = false;
    std::uint8_t boardHost = 0;  // as its report says; 0: no board
    bool boardCanFence = false;
    BoardPeerView board = BoardPeerView::Unknown;  // onBoardPeer, onBoardFenced
    std::string lastFenceFailure;  // the agent's or the board's words, while the node waits to be fenced again
};

struct PairView {
    std::string group;
    Redundancy redundancy = Redundancy::None;
    std::vector<std::string> owners;
    std::uint64_t epoch = 0;
    std::string lead;
    bool frozen = false;
    std::string frozenWhy;
    std::string switchoverFrom;  // a switch-over under way: the owner standing down
    std::vector<std::string> needsFencing;  // lost owners or claimants with no fencer
    std::vector<std::pair<std::string, HalfReport>> halves;  // per node, as last reported
};

struct SwitchoverResult {
    std::string refusal;  // empty: accepted (the request is multicast)
    ClusterActions actions;
};

class PairArbiter {
public:
    // `config` must outlive the arbiter (reconfigure() swaps it). This node
    // is config.manager.nodeName, the name Nodes= lists it by.
    PairArbiter(const Config& config, const Clock& clock);

    ClusterActions reconfigure(const Config& next);
    // This pgmd joined CPG as `self` (cpg_local_get).
    ClusterActions onJoined(NodeId self);
    // Agreed order: membership changes and messages, as CPG delivers them.
    ClusterActions onMembership(const MembershipChange&);
    ClusterActions onMessage(NodeId from, const Message&);
    // Local: not in agreed order. Until the first onQuorum() the arbiter
    // neither decides nor releases anything.
    ClusterActions onQuorum(const QuorumState&);
    // reportHalves(engine) after the engine acted; multicast only when changed.
    ClusterActions onLocalHalves(std::vector<HalfReport> halves);
    // The fence agent finished (only on the node that was asked to fence).
    ClusterActions onFenceDone(NodeId node, bool off, const std::string& detail);
    // Evicted from CPG, or corosync went away: every local half to standby.
    ClusterActions onDisconnected(const std::string& why);

    // The independent computer (README, "Fencing through the board"); local
    // events, not in agreed order.
    // Whether this node's board fences on request now: its link is up and it
    // did not answer FENCE_PEER with NAK unknown-type. Reported to the others.
    ClusterActions onBoardAbility(bool canFence, const std::string& why);
    // The board confirmed `node` off (PEER_NOTICE Off). Still a CPG member
    // (corosync has not noticed, and nothing can be delivered meanwhile):
    // fenced at once. Either way a FenceOutcome is multicast, applied when
    // delivered. A node already fenced is left alone.
    ClusterActions onBoardFenced(NodeId node);
    // The board refused this node's FENCE_PEER of `node` (it lost the
    // tie-break, or is itself being fenced), or told this node that it is
    // being fenced: every local half to standby at once, until pgmd restarts.
    ClusterActions onFenceRefused(NodeId node);
    ClusterActions onBeingFenced(const std::string& by);
    // Any other refusal (unknown host, not a peer): asked again after kFenceRetryDelay.
    ClusterActions onBoardFenceFailed(NodeId node, const std::string& why);
    // The board's view of a peer's host, for what pgmd shows (and the diagnosis).
    ClusterActions onBoardPeer(NodeId node, BoardPeerView view);
    // The node whose report gives it this board host id; 0: none.
    NodeId nodeOfBoardHost(std::uint8_t host) const;
    ClusterActions onTimer();
    std::optional<MonoTime> nextDeadline() const;

    SwitchoverResult switchover(const std::string& group, const std::string& toNode);

    bool synced() const { return synced_; }
    // The lowest present, quorate node with a FenceCommand=; 0: none.
    NodeId fencer() const;
    std::vector<NodeView> nodes() const;
    std::vector<PairView> pairs() const;

private:
    struct Peer {
        NodeId id = 0;
        std::string name;
        Presence presence = Presence::Absent;
        bool quorate = false;
        bool canFence = false;
        std::uint8_t boardHost = 0;
        bool boardCanFence = false;
        BoardPeerView board = BoardPeerView::Unknown;
        bool reportedSinceChange = false;
        std::map<std::string, HalfReport> halves;
        std::optional<MonoTime> absentSince;  // the process-down grace runs from here
    };
    struct Pair {
        const GroupSpec* spec = nullptr;
        OwnerRecord record;
        bool frozen = false;
        std::string frozenWhy;
        std::optional<OwnerRemoval> pendingFailover;  // an owner left; its successor not yet active
        std::string successor;  // chosen for pendingFailover; announced once delivered as active
        std::string abandonedWhy;  // a switch-over just given up: the reason of the next SetRunTarget
        std::string standbyWhy;    // this node's claim was not kept (rule 6): the reason of the next SetRunTarget
        std::optional<GroupState> target;  // last SetRunTarget of the local half
        bool lead = false;
    };
    struct Fencing {
        bool inFlight = false;
        bool viaBoard = false;  // the request went to the board, not the agent
        std::optional<MonoTime> retryAt;
        std::string lastFailure;
    };

    void rebuildPairs();
    Peer* peer(NodeId id);
    const Peer* peerNamed(const std::string& name) const;
    Report ownReport() const;
    void multicastReport(ClusterActions& out) const;
    void applyReport(Peer& from, const Report& report);
    void learnLost(const std::vector<LostNode>& lost);
    void learnOwners(const std::vector<OwnerRecord>& records);
    void applySwitchover(const SwitchoverRequest&, ClusterActions& out);
    void applyFenceOutcome(const FenceOutcome&);
    std::string switchoverRefusal(const std::string& group, const std::string& toNode) const;
    GroupFacts factsOf(const Pair&) const;
    std::optional<std::string> mismatchOf(const Pair&) const;
    void updateSynced();
    // After every event: the rule per group, fencing, then the local run targets.
    void settle(ClusterActions& out);
    void decideOwners(Pair&, ClusterActions& out);
    void announceFailover(Pair&, ClusterActions& out);
    void fenceLostNodes(ClusterActions& out);
    bool lossBlocks(const Peer& lost) const;
    // This node's board host id from [IndependentComputer] (serial only); 0: none.
    std::uint8_t ownBoardHost() const;
    // Some present, quorate node's board can fence `lost` (it has a host id).
    bool boardCanReach(const Peer& lost) const;
    std::uint16_t activeHalves() const;
    // Sticky: the board refused this node or is fencing it.
    ClusterActions standDownForBoard(std::string why);
    void setTargets(ClusterActions& out);
    bool halfDisagrees(const std::string& group, GroupState target) const;
    // Why every local half must be standby now; empty: no such reason.
    std::string releaseReason() const;
    Duration processDownGrace() const;

    const Config* config_;
    const Clock& clock_;
    std::string selfName_;
    NodeId self_ = 0;
    bool connected_ = false;
    // Until the first onQuorum() this node neither decides nor releases: a
    // restarted pgmd must not stop the groups it adopted for want of news.
    bool quorumKnown_ = false;
    bool quorate_ = false;
    bool disconnected_ = false;  // onDisconnected() since the last onJoined()
    bool synced_ = false;
    bool viewChanged_ = false;
    std::string releaseWhy_;  // why every local half was told standby
    bool boardCanFence_ = false;  // onBoardAbility
    std::string boardRelease_;    // onFenceRefused, onBeingFenced: why every local half stays standby
    std::vector<NodeId> members_;
    std::map<NodeId, Peer> peers_;
    std::map<std::string, Pair> pairs_;  // groups whose Nodes= lists this node
    std::vector<HalfReport> localHalves_;
    std::map<NodeId, Fencing> fencing_;
};

} // namespace pgmd::cluster
