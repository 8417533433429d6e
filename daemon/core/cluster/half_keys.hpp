#pragma once
// Births and deaths of the active halves of every pair, cluster-wide (seed
// 001's notifications, across nodes). A half's key is its node and its
// incarnation: each node counts its own incarnations, so the number alone
// does not tell two halves apart.
//
// Fed the arbiter's pairs after every event. Halves change in that picture
// only when a report or a fence outcome is delivered, in CPG's agreed
// order, so every node that saw the same deliveries announces the same
// births and deaths in the same order.

#include "pair_arbiter.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace pgmd::cluster {

struct HalfKey {
    std::string group;
    std::string node;
    std::uint64_t incarnation = 0;
    friend bool operator==(const HalfKey&, const HalfKey&) = default;
};

// A half became active with this key (or this node first heard of it active).
struct HalfBorn {
    HalfKey key;
    friend bool operator==(const HalfBorn&, const HalfBorn&) = default;
};
// The half with this key is no longer active; `reason` is for people.
struct HalfDied {
    HalfKey key;
    std::string reason;
    friend bool operator==(const HalfDied&, const HalfDied&) = default;
};
using HalfEvent = std::variant<HalfBorn, HalfDied>;

class HalfKeys {
public:
    // What changed since the previous call: every death, then every birth,
    // each by group and then in Nodes= order. A half counts as active when
    // its node reported it active. A half on a lost node keeps its key
    // until the node is fenced (it may still run); a pair this node no
    // longer has (a reload) is forgotten without a word.
    std::vector<HalfEvent> update(const std::vector<PairView>& pairs, const std::vector<NodeView>& nodes);

    // The active halves of `group` as last updated, in Nodes= order.
    std::vector<HalfKey> active(const std::string& group) const;

private:
    std::map<std::string, std::vector<HalfKey>> active_;  // by group
};

} // namespace pgmd::cluster
