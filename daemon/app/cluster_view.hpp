#pragma once
// The pair arbiter's picture put into the shapes the bus shows
// (org.pgmd1.Cluster, and the pair properties of org.pgmd1.Group). Reads
// only: every decision is the arbiter's.

#include "bus/cluster_source.hpp"
#include "core/cluster/pair_arbiter.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pgmd {

// What a group's object shows of its pair, seen from this node's half.
struct PairOfGroup {
    std::vector<std::string> owners;
    // This half holds the lead: for lead-active the arbiter's lead, for the
    // other kinds this node is an owner (its half is the one meant active).
    bool lead = false;
    // For an owner: the node of the best ready standby (earliest in Nodes=),
    // or ""; for a standby: the (first) owner's node.
    std::string mate;
    std::string mateState;  // the mate's half as last reported; "" when none
    bool paired = false;    // this node takes part in the pair
    ClusterKey key;         // the active half (activeHalfOf)
};

// `self`: this node's NodeName=.
PairOfGroup pairOfGroup(const cluster::PairView& pair, const std::string& self);

void describeNodes(const std::vector<cluster::NodeView>& nodes, ClusterInfo& out);
void describePairs(const std::vector<cluster::PairView>& pairs, ClusterInfo& out);
std::vector<ClusterLinkInfo> describeLinks(const std::vector<cluster::LinkState>& links);

// What the journal says when a node starts or stops needing fencing in a
// pair (a lost owner or claimant, and no node that can fence): the bus shows
// it in Pairs, but an operator reading the journal must learn why a pair
// does not move. `seen` holds, per group, the nodes the last call saw, and
// is updated; a pair that is gone is forgotten silently.
struct FencingNotice {
    bool needed;  // starts needing fencing (a warning), or no longer does
    std::string text;
    std::string group, node;
};
std::vector<FencingNotice> fencingNotices(const std::vector<cluster::PairView>& pairs,
                                          std::map<std::string, std::vector<std::string>>& seen);

// The node whose half is active (the lead's for lead-active) and that half's
// incarnation; "" and 0 when none is.
ClusterKey activeHalfOf(const cluster::PairView& pair);

} // namespace pgmd
