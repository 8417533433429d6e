#pragma once
// What the cluster engine (corosync) tells pgmd about the other nodes, as
// plain values: the adapter in daemon/cluster produces them, the pair
// arbiter consumes them. Nothing here knows corosync's C types.

#include <cstdint>
#include <string>
#include <vector>

namespace pgmd::cluster {

// corosync's node id (nodelist nodeid): unique, stable, and the tie-breaker
// of every deterministic rule.
using NodeId = std::uint32_t;

// Why a node's pgmd joined or left the CPG process group (cpg_confchg reason).
enum class MemberReason {
    Join,         // pgmd joined
    Leave,        // pgmd left on purpose (cpg_leave: a clean stop)
    NodeDown,     // the node left the corosync membership
    NodeUp,       // the node (re)joined the membership with pgmd already in the group
    ProcessDown,  // pgmd's process died; its node is still a member
};

struct MemberEvent {
    NodeId node = 0;
    std::uint32_t pid = 0;
    MemberReason reason = MemberReason::Join;
    friend bool operator==(const MemberEvent&, const MemberEvent&) = default;
};

// One configuration change of the CPG group, delivered in agreed order with
// the messages: every member sees the same sequence.
struct MembershipChange {
    std::vector<NodeId> members;  // after the change, sorted by node id
    std::vector<MemberEvent> joined;
    std::vector<MemberEvent> left;
    friend bool operator==(const MembershipChange&, const MembershipChange&) = default;
};

// votequorum's view, local to each node (not in agreed order with CPG).
struct QuorumState {
    bool quorate = false;
    std::vector<NodeId> members;  // the corosync membership quorum counts
    friend bool operator==(const QuorumState&, const QuorumState&) = default;
};

// One knet link to one peer, as corosync_cfg_node_status_get reports it.
struct LinkState {
    NodeId node = 0;
    unsigned link = 0;  // 0..7
    bool enabled = false;
    bool connected = false;
    friend bool operator==(const LinkState&, const LinkState&) = default;
};

const char* toString(MemberReason);

} // namespace pgmd::cluster
