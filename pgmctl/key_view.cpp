#include "key_view.hpp"

namespace pgmctl {

GroupKey combineKeys(const std::string& name, std::uint64_t incarnation, const std::optional<PairKey>& pair,
                     const std::string& localNode)
{
    if (!pair)
        return {name, incarnation, std::nullopt};
    if (pair->node.empty())
        return {name, incarnation, localNode};
    return {name, pair->incarnation, pair->node};
}

std::string keyText(const GroupKey& key)
{
    std::string text = key.name + " " + std::to_string(key.incarnation);
    if (key.node)
        text += " " + *key.node;
    return text + "\n";
}

Json keyJson(const GroupKey& key)
{
    Json out{{"name", key.name}, {"incarnation", key.incarnation}};
    if (key.node)
        out["node"] = *key.node;
    return out;
}

} // namespace pgmctl
