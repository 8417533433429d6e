#pragma once
// The pair arbiter (README.md beside this file): decides which node's half
// of each clustered group is active, from the agreed sequence of membership
// changes and messages that corosync's CPG delivers to every node alike.
// Events in, ClusterActions out; time only through the Clock.
//
// A first cut of the interface: the implementation may refine it, keeping
// the shape (pure, deterministic, no master).

#include "cluster/membership.hpp"
#include "group_state.hpp"
#include "model.hpp"
#include "time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pgmd::cluster {

// One half as its node reports it.
struct HalfReport {
    std::string group;
    std::uint64_t definition = 0;  // definitionDigest() of the node's GroupSpec
    GroupState state = GroupState::Unavailable;
    bool held = false;
    bool claims = false;  // active, or on its way to active
    bool ready = false;   // standby and not held: may be activated
    std::uint64_t incarnation = 0;
};

// What one node knows of the owners of a group; joiners learn the cluster's
// owner sets from these.
struct OwnerRecord {
    std::string group;
    std::uint64_t epoch = 0;           // +1 on every change of the owner set
    std::vector<std::string> owners;   // node names
    std::string lead;                  // lead-active only
};

// Messages multicast on CPG. Versioned on the wire (messages.hpp); one that
// does not decode is dropped and counted, never guessed.
struct Report {
    std::string nodeName;
    bool quorate = false;
    std::vector<HalfReport> halves;
    std::vector<OwnerRecord> owners;
};
struct SwitchoverRequest {
    std::string group;
    std::string toNode;  // empty: the best ready standby
    std::string byNode;
};
struct FenceOutcome {
    NodeId target = 0;
    std::string targetName;
    bool off = false;  // true only when the agent confirmed the node off
    std::string detail;
};
using Message = std::variant<Report, SwitchoverRequest, FenceOutcome>;

// What the arbiter asks for.
struct Multicast { Message message; };
struct SetRunTarget { std::string group; GroupState target; std::string reason; };
struct SetLead { std::string group; bool lead = false; };
struct FenceNode { NodeId node = 0; std::string nodeName; };
struct Failover { std::string group; std::string fromNode; std::string toNode; std::string reason; };
struct PairFrozen { std::string group; bool frozen = true; std::string why; };
struct ClusterViewChanged {};
using ClusterAction = std::variant<Multicast, SetRunTarget, SetLead, FenceNode, Failover, PairFrozen,
                                   ClusterViewChanged>;
using ClusterActions = std::vector<ClusterAction>;

enum class Presence { Present, Syncing, Absent, Lost, Fenced };
const char* toString(Presence);

struct NodeView {
    NodeId id = 0;          // 0 until the node's pgmd was seen
    std::string name;
    Presence presence = Presence::Absent;
    bool quorate = false;
};

struct PairView {
    std::string group;
    Redundancy redundancy = Redundancy::None;
    std::vector<std::string> owners;
    std::string lead;
    bool frozen = false;
    std::string frozenWhy;
    std::vector<std::string> needsFencing;  // lost owners with no fencer
    std::vector<std::pair<std::string, HalfReport>> halves;  // per node, as last reported
};

struct SwitchoverResult {
    std::string refusal;  // empty: accepted (the request is multicast)
    ClusterActions actions;
};

// Stable across builds and hosts: the same definition gives the same digest.
std::uint64_t definitionDigest(const GroupSpec&);

class PairArbiter {
public:
    // `config` must outlive the arbiter (reconfigure() swaps it).
    PairArbiter(const Config& config, const Clock& clock);

    ClusterActions reconfigure(const Config& next);
    // This pgmd joined CPG as `self` (cpg_local_get).
    ClusterActions onJoined(NodeId self);
    // Agreed order: membership changes and messages, as CPG delivers them.
    ClusterActions onMembership(const MembershipChange&);
    ClusterActions onMessage(NodeId from, const Message&);
    // Local: not in agreed order.
    ClusterActions onQuorum(const QuorumState&);
    ClusterActions onLocalHalves(std::vector<HalfReport> halves);
    ClusterActions onFenceDone(NodeId node, bool off, const std::string& detail);
    // Evicted from CPG, or corosync went away: every local half to standby.
    ClusterActions onDisconnected(const std::string& why);
    ClusterActions onTimer();
    std::optional<MonoTime> nextDeadline() const;

    SwitchoverResult switchover(const std::string& group, const std::string& toNode);

    bool synced() const;
    std::vector<NodeView> nodes() const;
    std::vector<PairView> pairs() const;
};

} // namespace pgmd::cluster
