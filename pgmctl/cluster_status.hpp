#pragma once
// What pgmd publishes about the cluster its groups are paired across, as
// plain values: the properties of org.pgmd1.Cluster (present only when
// pgmd.conf has a [Cluster] section). A property an older pgmd does not have
// keeps its default here.

#include <cstdint>
#include <string>
#include <vector>

namespace pgmctl {

// Nodes: one node pgmd knows of.
struct ClusterNode {
    std::string name;
    std::uint32_t id = 0;
    std::string presence;  // present, syncing, absent, lost, fenced
    bool quorate = false;
    bool canFence = false;
    std::string lastFenceFailure;  // "": none outstanding
};

// Links: one knet link to a peer, by node id.
struct ClusterLink {
    std::uint32_t nodeId = 0;
    std::uint32_t link = 0;
    bool enabled = false;
    bool connected = false;
};

// LinkStates: one knet link to a peer with pgmd's diagnosis of it.
struct ClusterLinkState {
    std::string node;
    std::uint32_t nodeId = 0;
    std::uint32_t link = 0;
    bool connected = false;
    std::string cause;      // while down: peer-nic, local-nic, switch, unknown
    std::string interface;  // the local interface; "" when not known
    std::string carrier;    // up, down, unknown
};

// PeerVerdicts: the diagnosis of one peer.
struct PeerVerdict {
    std::string node;
    std::uint32_t nodeId = 0;
    std::string verdict;  // healthy, peer-pgmd-down, peer-host-down, peer-nic, ...
    std::int32_t link = -1;
    bool lost = false;
    bool degraded = false;
    std::string evidence;
};

// BoardViews: the independent computer's view of a peer's host.
struct BoardView {
    std::string node;
    std::uint32_t nodeId = 0;
    std::uint8_t host = 0;  // the peer's board host id; 0: none
    std::string view;       // unknown, alive, silent, fencing, off
};

// Pairs: a paired group that is not frozen.
struct ClusterPair {
    std::string group;
    std::string redundancy;
    std::vector<std::string> owners;
    std::string lead;  // lead-active only
    std::vector<std::string> needsFencing;
};

// FrozenPairs: the nodes disagree about the pair's definition.
struct FrozenPair {
    std::string group;
    std::string reason;
};

// Halves: one node's half of a paired group, as that node last reported it.
struct ClusterHalf {
    std::string group;
    std::string node;
    std::string state;
    bool held = false;
    bool claimsActive = false;
    bool readyStandby = false;
    std::uint64_t incarnation = 0;
};

struct ClusterStatus {
    std::string localNode;
    std::uint32_t localNodeId = 0;
    std::string groupName;
    std::string connection;  // connected, connecting, evicted
    bool quorate = false;
    bool synced = false;
    std::vector<ClusterNode> nodes;
    std::vector<ClusterLink> links;
    std::vector<ClusterLinkState> linkStates;
    std::vector<PeerVerdict> verdicts;
    std::vector<BoardView> boardViews;
    std::vector<ClusterPair> pairs;
    std::vector<FrozenPair> frozenPairs;
    std::vector<ClusterHalf> halves;
};

// Decisions are taken only while connected, quorate and synced.
inline bool isDeciding(const ClusterStatus& cluster)
{
    return cluster.connection == "connected" && cluster.quorate && cluster.synced;
}

// The name of the node with corosync id `id`, "" when pgmd knows none.
std::string nodeNameOf(const ClusterStatus& cluster, std::uint32_t id);

} // namespace pgmctl
