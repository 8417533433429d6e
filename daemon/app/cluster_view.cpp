#include "cluster_view.hpp"

#include <algorithm>

namespace pgmd {

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

const cluster::HalfReport* halfOn(const cluster::PairView& pair, const std::string& node)
{
    for (const auto& [name, half] : pair.halves)
        if (name == node)
            return &half;
    return nullptr;
}

} // namespace

PairOfGroup pairOfGroup(const cluster::PairView& pair, const std::string& self)
{
    PairOfGroup out;
    out.paired = true;
    out.key = activeHalfOf(pair);
    out.owners = pair.owners;
    const bool owner = contains(pair.owners, self);
    out.lead = pair.redundancy == Redundancy::LeadActive ? pair.lead == self : owner;
    if (owner) {
        // Halves come in Nodes= order: the first ready one is the best.
        for (const auto& [name, half] : pair.halves)
            if (name != self && half.ready && !contains(pair.owners, name)) {
                out.mate = name;
                break;
            }
    } else {
        for (const std::string& o : pair.owners)
            if (o != self) {
                out.mate = o;
                break;
            }
    }
    if (const cluster::HalfReport* half = out.mate.empty() ? nullptr : halfOn(pair, out.mate))
        out.mateState = toString(half->state);
    return out;
}

void describeNodes(const std::vector<cluster::NodeView>& nodes, ClusterInfo& out)
{
    for (const cluster::NodeView& n : nodes)
        out.nodes.push_back({n.name, n.id, toString(n.presence), n.quorate, n.canFence, n.lastFenceFailure});
}

void describePairs(const std::vector<cluster::PairView>& pairs, ClusterInfo& out)
{
    for (const cluster::PairView& p : pairs) {
        out.pairs.push_back({p.group, toString(p.redundancy), p.owners, p.lead, p.frozen ? p.frozenWhy : "",
                             p.needsFencing});
        // A frozen pair always shows a reason, even if the arbiter gave none.
        if (p.frozen && out.pairs.back().frozenWhy.empty())
            out.pairs.back().frozenWhy = "frozen";
        for (const auto& [node, half] : p.halves)
            out.halves.push_back(
                {p.group, node, toString(half.state), half.held, half.claims, half.ready, half.incarnation});
    }
}

std::vector<ClusterLinkInfo> describeLinks(const std::vector<cluster::LinkState>& links)
{
    std::vector<ClusterLinkInfo> out;
    for (const cluster::LinkState& l : links)
        out.push_back({l.node, l.link, l.enabled, l.connected});
    return out;
}

std::vector<FencingNotice> fencingNotices(const std::vector<cluster::PairView>& pairs,
                                          std::map<std::string, std::vector<std::string>>& seen)
{
    std::vector<FencingNotice> out;
    std::map<std::string, std::vector<std::string>> now;
    for (const cluster::PairView& p : pairs) {
        const std::vector<std::string>& before = seen[p.group];
        for (const std::string& node : p.needsFencing)
            if (!contains(before, node))
                out.push_back({true,
                               "cluster: group " + p.group + ": node " + node +
                                   " is lost and needs fencing; its half is not taken over, as no node in "
                                   "the cluster can fence (FenceCommand=)",
                               p.group, node});
        for (const std::string& node : before)
            if (!contains(p.needsFencing, node))
                out.push_back(
                    {false, "cluster: group " + p.group + ": node " + node + " no longer needs fencing", p.group, node});
        now[p.group] = p.needsFencing;
    }
    seen = std::move(now);
    return out;
}

ClusterKey activeHalfOf(const cluster::PairView& pair)
{
    ClusterKey key;
    auto active = [&](const std::string& node) {
        const cluster::HalfReport* half = halfOn(pair, node);
        if (!half || half->state != GroupState::Active)
            return false;
        key.node = node;
        key.incarnation = half->incarnation;
        return true;
    };
    if (pair.redundancy == Redundancy::LeadActive) {
        if (!pair.lead.empty())
            active(pair.lead);
        return key;
    }
    for (const std::string& owner : pair.owners)
        if (active(owner))
            break;
    return key;
}

} // namespace pgmd
