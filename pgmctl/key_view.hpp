#pragma once
// `pgmctl key`: a group's communication key, and for a paired group the node
// whose half is active (incarnations are counted per node, so only the node
// and the incarnation together name a half).

#include "json_output.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace pgmctl {

struct GroupKey {
    std::string name;
    std::uint64_t incarnation = 0;
    std::optional<std::string> node;  // paired groups only
};

// Cluster.GetKey's answer about a paired group.
struct PairKey {
    std::string node;  // "" when this node knows of no active half
    std::uint64_t incarnation = 0;
};

// Manager.GetKey's answer, completed with Cluster.GetKey's for a paired
// group. The pair's node and incarnation are taken together from the
// cluster's answer, so that they name one half. When the cluster has not
// yet heard of an active half, Manager.GetKey only answered because the half
// here is active: that one, on `localNode`.
GroupKey combineKeys(const std::string& name, std::uint64_t incarnation, const std::optional<PairKey>& pair,
                     const std::string& localNode);

// "web 7\n"; a paired group's with its node: "app 3 n2\n".
std::string keyText(const GroupKey& key);
// {"name": ..., "incarnation": ...}, and "node" for a paired group.
Json keyJson(const GroupKey& key);

} // namespace pgmctl
