#pragma once
// What /org/pgmd1/cluster shows and forwards, as plain data: the application
// layer fills it from the pair arbiter and the corosync link; the bus layer
// never sees either.

#include "state_source.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pgmd {

struct ClusterNodeInfo {
    std::string name;
    std::uint32_t id = 0;
    std::string presence;  // present, syncing, absent, lost, fenced
    bool quorate = false, canFence = false;
    std::string lastFenceFailure;
};

struct ClusterLinkInfo {
    std::uint32_t node = 0, link = 0;
    bool enabled = false, connected = false;
};

// A knet link to a peer, with pgmd's diagnosis of it.
struct ClusterLinkStateInfo {
    std::string node;
    std::uint32_t nodeId = 0, link = 0;
    bool connected = false;
    std::string cause;      // while down: peer-nic, local-nic, switch, unknown
    std::string interface;  // the local interface of the link; "" when not known
    std::string carrier;    // up, down, unknown
};

// The diagnosis of a peer (core/cluster/peer_diagnosis.hpp).
struct ClusterVerdictInfo {
    std::string node;
    std::uint32_t nodeId = 0;
    std::string verdict;
    std::int32_t link = -1;
    bool lost = false, degraded = false;
    std::string evidence;
};

// What the independent computer says of a peer's host, as the diagnosis
// last heard it (answers to PEER_QUERY, PEER_NOTICEs).
struct ClusterBoardViewInfo {
    std::string node;
    std::uint32_t nodeId = 0;
    std::uint8_t host = 0;  // its board host id, from its report; 0: none
    std::string view;       // unknown, alive, silent, fencing, off
};

struct ClusterPairInfo {
    std::string group, redundancy;
    std::vector<std::string> owners;
    std::string lead, frozenWhy;
    std::vector<std::string> needsFencing;
};

struct ClusterHalfInfo {
    std::string group, node, state;
    bool held = false, claims = false, ready = false;
    std::uint64_t incarnation = 0;
};

struct ClusterInfo {
    std::string localNode, groupName;
    std::uint32_t localNodeId = 0;
    std::string connection;  // connected, connecting, evicted
    bool quorate = false, synced = false;
    std::vector<ClusterNodeInfo> nodes;
    std::vector<ClusterLinkInfo> links;
    std::vector<ClusterLinkStateInfo> linkStates;
    std::vector<ClusterVerdictInfo> verdicts;
    std::vector<ClusterBoardViewInfo> boardViews;
    std::vector<ClusterPairInfo> pairs;  // frozenWhy also feeds FrozenPairs
    std::vector<ClusterHalfInfo> halves;
};

struct ClusterKey {
    OpResult result;
    std::string node;  // "" when no half is active
    std::uint64_t incarnation = 0;
};

class ClusterSource {
public:
    virtual ~ClusterSource() = default;
    virtual ClusterInfo cluster() const = 0;
    // The verdict the caller gets; accepted means multicast, not done.
    virtual OpResult switchover(const std::string& group, const std::string& node) = 0;
    virtual ClusterKey key(const std::string& group) const = 0;
};

} // namespace pgmd
