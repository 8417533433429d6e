#pragma once
// The per-group rule of the pair arbiter (README.md, "The rule", steps 2 to
// 7) as a pure function: a table of what is known of each node listed in
// Nodes=, and the current owner set, in; the next owner set out. Every node
// evaluates it over the same table at the same point of the agreed sequence,
// so every node gets the same answer.

#include "membership.hpp"
#include "messages.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pgmd::cluster {

enum class Presence { Present, Syncing, Absent, Lost, Fenced };
const char* toString(Presence);

// One node listed in a group's Nodes=, as the arbiter sees it.
struct NodeFacts {
    std::string name;
    NodeId id = 0;  // 0 until its pgmd was seen
    Presence presence = Presence::Absent;
    bool quorate = false;            // as its last report said
    std::optional<HalfReport> half;  // as last reported; kept while absent or lost
};

struct GroupFacts {
    std::vector<NodeFacts> nodes;  // in Nodes= order: the order of preference
    unsigned activeCount = 1;      // every node for lead-active
    bool leadActive = false;
    OwnerRecord record;            // the owners (and a switch-over under way) before this evaluation
};

struct OwnerRemoval {
    std::string node;
    std::string reason;
};

struct RuleOutcome {
    OwnerRecord record;  // the epoch advanced when anything in it changed
    std::vector<OwnerRemoval> removed;
    std::vector<std::string> added;  // in the order they were added
    std::string abandoned;  // why the switch-over under way was given up; empty: it was not
    // Claimants that were not kept (too many claimed, rule 6), owners or
    // not, with why: their nodes tell their halves standby with this reason.
    std::vector<OwnerRemoval> toldStandby;
};

// What a node's half counts as (the README's words).
bool claims(const NodeFacts&);     // absent and lost nodes count with their last claim
bool failed(const NodeFacts&);     // present and unavailable, or held
bool candidate(const NodeFacts&);  // present, quorate, ready: may be made an owner

RuleOutcome applyOwnerRule(const GroupFacts&);

// Joiners learn owner sets from reports: true when `incoming` should replace
// `held`. The higher epoch wins; at equal epochs (two sides of a partition
// that each changed the set as often) the record whose canonical text
// (owners in order, then the lead, then the handover) is smaller in byte
// order wins, so every node picks the same one.
bool supersedes(const OwnerRecord& incoming, const OwnerRecord& held);

} // namespace pgmd::cluster
