#include "half_keys.hpp"

#include <algorithm>

namespace pgmd::cluster {

namespace {

const HalfReport* halfOn(const PairView& pair, const std::string& node)
{
    for (const auto& [name, half] : pair.halves)
        if (name == node)
            return &half;
    return nullptr;
}

std::vector<HalfKey> activeHalves(const PairView& pair)
{
    std::vector<HalfKey> out;
    for (const auto& [node, half] : pair.halves)
        if (half.state == GroupState::Active)
            out.push_back(HalfKey{pair.group, node, half.incarnation});
    return out;
}

bool fenced(const std::vector<NodeView>& nodes, const std::string& name)
{
    return std::any_of(nodes.begin(), nodes.end(),
                       [&](const NodeView& n) { return n.name == name && n.presence == Presence::Fenced; });
}

// Why `was` is no longer active, from what its node says now.
std::string whyDied(const PairView& pair, const HalfKey& was, const std::vector<NodeView>& nodes)
{
    const HalfReport* now = halfOn(pair, was.node);
    if (!now)
        return fenced(nodes, was.node) ? was.node + " was fenced (confirmed off)"
                                       : was.node + " no longer reports the group";
    if (now->state == GroupState::Active)
        return was.node + "'s half started again as incarnation " + std::to_string(now->incarnation);
    return was.node + "'s half is " + toString(now->state) + (now->held ? " and held" : "");
}

} // namespace

std::vector<HalfEvent> HalfKeys::update(const std::vector<PairView>& pairs, const std::vector<NodeView>& nodes)
{
    std::vector<HalfEvent> deaths, births;
    std::map<std::string, std::vector<HalfKey>> next;
    for (const PairView& pair : pairs) {
        std::vector<HalfKey> now = activeHalves(pair);
        const std::vector<HalfKey>& before = active_[pair.group];
        for (const HalfKey& k : before)
            if (std::find(now.begin(), now.end(), k) == now.end())
                deaths.push_back(HalfDied{k, whyDied(pair, k, nodes)});
        for (const HalfKey& k : now)
            if (std::find(before.begin(), before.end(), k) == before.end())
                births.push_back(HalfBorn{k});
        next[pair.group] = std::move(now);
    }
    active_ = std::move(next);
    deaths.insert(deaths.end(), births.begin(), births.end());
    return deaths;
}

std::vector<HalfKey> HalfKeys::active(const std::string& group) const
{
    auto it = active_.find(group);
    return it == active_.end() ? std::vector<HalfKey>{} : it->second;
}

} // namespace pgmd::cluster
