// What the pair arbiter shows (nodes, pairs) and the operator's switch-over,
// checked against the same state on the asking node and, once delivered, on
// every node.

#include "pair_arbiter.hpp"

#include <algorithm>

namespace pgmd::cluster {

std::string PairArbiter::switchoverRefusal(const std::string& group, const std::string& toNode) const
{
    auto it = pairs_.find(group);
    if (it == pairs_.end())
        return "no clustered group named '" + group + "' on this node";
    const Pair& pair = it->second;
    if (!synced_)
        return "the cluster is exchanging reports after a membership change; try again";
    if (pair.frozen)
        return "the pair " + group + " is frozen: " + pair.frozenWhy;
    if (pair.record.handover)
        return "a switch-over of " + group + " is already under way";
    if (pair.record.owners.size() != 1)
        return group + " has " + std::to_string(pair.record.owners.size()) +
               " active halves; a switch-over needs exactly one";
    const std::string& owner = pair.record.owners.front();
    const GroupFacts facts = factsOf(pair);
    if (!toNode.empty()) {
        if (toNode == owner)
            return group + " is already active on " + toNode;
        auto named = std::find_if(facts.nodes.begin(), facts.nodes.end(),
                                  [&](const NodeFacts& n) { return n.name == toNode; });
        if (named == facts.nodes.end())
            return toNode + " is not listed in Nodes= of " + group;
        if (!candidate(*named))
            return toNode + "'s half of " + group + " is not a ready standby";
        return {};
    }
    if (std::none_of(facts.nodes.begin(), facts.nodes.end(),
                     [&](const NodeFacts& n) { return n.name != owner && candidate(n); }))
        return "no other node's half of " + group + " is a ready standby";
    return {};
}

SwitchoverResult PairArbiter::switchover(const std::string& group, const std::string& toNode)
{
    if (std::string refusal = switchoverRefusal(group, toNode); !refusal.empty())
        return {std::move(refusal), {}};
    return {{}, {Multicast{SwitchoverRequest{group, toNode, selfName_}}}};
}

std::vector<NodeView> PairArbiter::nodes() const
{
    std::vector<NodeView> out;
    for (const auto& [id, p] : peers_) {
        NodeView v{id, p.name, p.presence, p.quorate, p.canFence, p.boardHost, p.boardCanFence, p.board, {}};
        if (auto f = fencing_.find(id); f != fencing_.end())
            v.lastFenceFailure = f->second.lastFailure;
        out.push_back(std::move(v));
    }
    // Listed in Nodes= and never seen.
    for (const auto& [group, pair] : pairs_)
        for (const std::string& name : pair.spec->nodes)
            if (!peerNamed(name) && std::none_of(out.begin(), out.end(), [&](const NodeView& v) { return v.name == name; }))
                out.push_back(NodeView{0, name, Presence::Absent, false, false, 0, false, BoardPeerView::Unknown, {}});
    return out;
}

std::vector<PairView> PairArbiter::pairs() const
{
    std::vector<PairView> out;
    const bool noFencer = fencer() == 0;
    for (const auto& [group, pair] : pairs_) {
        PairView v;
        v.group = group;
        v.redundancy = pair.spec->redundancy;
        v.owners = pair.record.owners;
        v.epoch = pair.record.epoch;
        v.lead = pair.record.lead;
        v.frozen = pair.frozen;
        v.frozenWhy = pair.frozenWhy;
        if (pair.record.handover)
            v.switchoverFrom = pair.record.handover->from;
        for (const NodeFacts& n : factsOf(pair).nodes) {
            const bool owner = std::find(v.owners.begin(), v.owners.end(), n.name) != v.owners.end();
            const Peer* peer = peerNamed(n.name);
            const bool fenceable = !noFencer || (peer && boardCanReach(*peer));
            if (!fenceable && n.presence == Presence::Lost && (owner || claims(n)))
                v.needsFencing.push_back(n.name);
            if (n.half)
                v.halves.emplace_back(n.name, *n.half);
        }
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace pgmd::cluster
