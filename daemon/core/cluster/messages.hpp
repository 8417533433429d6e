#pragma once
// What the nodes' arbiters say to each other on CPG, and its wire form.
// Every message is a compact JSON object with "v" (the format version) and
// "type". A message that does not decode (damaged, from a newer pgmd, or
// hostile) is dropped and counted by the caller, never guessed at.

#include "membership.hpp"
#include "core/group_state.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pgmd::cluster {

// One half as its node reports it.
struct HalfReport {
    std::string group;
    std::uint64_t definition = 0;  // definitionDigest() of the node's GroupSpec
    GroupState state = GroupState::Unavailable;
    bool held = false;
    bool claims = false;  // active, or on its way to active
    bool ready = false;   // standby and not held: may be activated
    std::uint64_t incarnation = 0;
    friend bool operator==(const HalfReport&, const HalfReport&) = default;
};

// A switch-over accepted on delivery: `from` stands down, then `to` (or the
// best ready standby other than `from`) is added.
struct Handover {
    std::string from;
    std::string to;  // empty: the best ready standby
    std::string by;  // the node the operator asked on
    friend bool operator==(const Handover&, const Handover&) = default;
};

// What one node knows of the owners of a group; joiners learn the cluster's
// owner sets (and a switch-over under way) from these.
struct OwnerRecord {
    std::string group;
    std::uint64_t epoch = 0;           // +1 on every change of the owners, the lead or the handover
    std::vector<std::string> owners;   // node names, in Nodes= order
    std::string lead;                  // lead-active only
    std::optional<Handover> handover;
    friend bool operator==(const OwnerRecord&, const OwnerRecord&) = default;
};

// A node the sender holds lost and not yet fenced: a node that joins later
// never saw it leave, and may be the one that has to fence it.
struct LostNode {
    NodeId id = 0;
    std::string name;
    friend bool operator==(const LostNode&, const LostNode&) = default;
};

struct Report {
    std::string nodeName;
    bool quorate = false;
    bool canFence = false;  // FenceCommand= configured: a candidate fencer
    // The independent computer (README, "Fencing through the board"):
    // the host id this node has on its board (0: no board, or one on a GPIO
    // line), and whether the board fences on request (its link is up and it
    // did not answer FENCE_PEER with NAK unknown-type). Optional on the wire:
    // a report from an older pgmd has neither and means no board.
    std::uint8_t boardHost = 0;
    bool boardCanFence = false;
    std::vector<HalfReport> halves;
    std::vector<OwnerRecord> owners;
    std::vector<LostNode> lost;
    friend bool operator==(const Report&, const Report&) = default;
};
struct SwitchoverRequest {
    std::string group;
    std::string toNode;  // empty: the best ready standby
    std::string byNode;
    friend bool operator==(const SwitchoverRequest&, const SwitchoverRequest&) = default;
};
struct FenceOutcome {
    NodeId target = 0;
    std::string targetName;
    bool off = false;  // true only when the agent confirmed the node off
    std::string detail;
    friend bool operator==(const FenceOutcome&, const FenceOutcome&) = default;
};
using Message = std::variant<Report, SwitchoverRequest, FenceOutcome>;

inline constexpr int kMessageVersion = 1;
// CPG delivers messages up to about 1 MiB atomically; anything larger is not ours.
inline constexpr std::size_t kMaxMessageBytes = 1 << 20;
// Bounds on what one message may carry, well above any real cluster, so that
// a hostile or damaged message cannot make a node allocate without limit.
inline constexpr std::size_t kMaxNameBytes = 255;     // node and group names
inline constexpr std::size_t kMaxDetailBytes = 4096;  // a fence agent's words
inline constexpr std::size_t kMaxHalves = 4096;       // groups in one report
inline constexpr std::size_t kMaxOwners = 64;         // nodes in one owner set

std::string encode(const Message&);
// nullopt when `bytes` is not a message of this version; *error (if given)
// then says what and where.
std::optional<Message> decode(std::string_view bytes, std::string* error = nullptr);

} // namespace pgmd::cluster
