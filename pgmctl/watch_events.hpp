#pragma once
// The events `pgmctl watch` prints, as lines and as JSON objects.

#include "json_output.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace pgmctl {

// Manager.GroupStateChanged
struct StateChanged {
    std::string group, oldState, newState, reason;
};

// Manager.EscalationStep; group "" for a host-wide step.
struct EscalationStep {
    std::string group, step, reason;
};

// Group.ActivationRequested, with the group taken from the object path.
struct ActivationRequested {
    std::string group, state;
    std::uint64_t incarnation = 0;
};

// IndependentComputer.LinkStateChanged: the link to the board that
// power-cycles this host; it concerns the host, not one group.
struct LinkStateChanged {
    std::string state;
};

// Cluster.Failover: the active half of a paired group moved (failure, node
// lost and fenced, switch-over; for lead-active the lead).
struct Failover {
    std::string group, fromNode, toNode, reason;
};

// Cluster.PairFrozen: the nodes disagree about a pair's definition (frozen),
// or agree again.
struct PairFrozen {
    std::string group;
    bool frozen = false;
    std::string reason;
};

// Cluster.MembershipChanged: a node's pgmd joined or left the cluster; it
// concerns the cluster, not one group.
struct MembershipChanged {
    std::string node;
    std::uint32_t nodeId = 0;
    std::string reason;  // join, leave, node-down, node-up, process-down
};

// Cluster.PeerLost: a peer is lost to this node, with the diagnosed verdict
// (peer-pgmd-down, peer-host-down, partition, ...) and its evidence.
struct PeerLost {
    std::string node, verdict, evidence;
};

// Cluster.LinkDown / Cluster.LinkUp: one knet link to a peer; cause while
// down: peer-nic, local-nic, switch, unknown.
struct ClusterLinkChanged {
    std::string node;
    std::uint32_t link = 0;
    bool up = false;
    std::string cause;
};

// Cluster.SwitchoverEnded: how a switch-over of a paired group ended
// (completed, refused or abandoned); byNode is the node it was asked on.
struct SwitchoverEnded {
    std::string group, fromNode, toNode, byNode, outcome, reason;
};

// Cluster.HalfBorn and HalfDied: an active half of a paired group, on any
// node, was born or died. pgmd sends them only to callers that registered
// interest in the group.
struct HalfBorn {
    std::string group, node;
    std::uint64_t incarnation = 0;
};
struct HalfDied {
    std::string group, node;
    std::uint64_t incarnation = 0;
    std::string reason;
};

// org.pgmd1 left the system bus (pgmd stopped, or restarting), or came back;
// it concerns the host.
struct PgmdPresence {
    bool present = false;
};

// A watched group's state, read when pgmd came back: what changed while it
// was away was never announced.
struct GroupStateNow {
    std::string group, state;
    bool held = false;
};

using WatchEvent = std::variant<StateChanged, EscalationStep, ActivationRequested, LinkStateChanged, PgmdPresence,
                                GroupStateNow, Failover, PairFrozen, MembershipChanged, PeerLost, ClusterLinkChanged,
                                SwitchoverEnded, HalfBorn, HalfDied>;

struct TimedEvent {
    std::uint64_t timestampUsec = 0;  // CLOCK_REALTIME, when pgmctl received it
    WatchEvent event;
};

// Whether to show `event` when watching `groups` (all when empty). Host-wide
// events (escalation steps without a group, link state changes) concern
// every group, so they always show; so do membership changes.
bool isWatched(const WatchEvent& event, const std::vector<std::string>& groups);

// "2026-11-22 12:00:01.123 billing: active -> init (member failed)", no newline.
std::string eventLine(const TimedEvent& event, bool colour);

// {"timestamp": ..., "event": "group_state_changed", "group": ..., ...}:
// the signal's name and argument names in snake_case. Every event has a
// "group", "" for host-wide ones.
Json eventJson(const TimedEvent& event);

} // namespace pgmctl
