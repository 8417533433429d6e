#pragma once
// The board as the cluster's arbiter: how it rules on one fence request
// ("power-cycle my peer T") from what it knows of the requester and the
// target. One table (fence_rules.cpp), first matching row wins; Board keeps
// the requests that wait and applies the rulings.

#include "host_state.hpp"

#include <optional>
#include <string>

namespace icd::board {

enum class FenceVerdict {
    Wait,          // the target still beats: wait (up to the race window) for its counter request
    Grant,         // fence the target; answer ACK
    AlreadyFenced, // the target is being switched off or is off: answer ACK, nothing more to do
    Refuse,        // the requester is itself being fenced or off: answer NAK refused
    NotPeer,       // answer NAK not-peer
    UnknownHost,   // answer NAK unknown-host
};
const char* toString(FenceVerdict);  // "wait", "grant", "already-fenced", "refuse", "not-peer", "unknown-host"

// What the board knows when it rules on a request of `requester` to fence `target`.
struct FenceSituation {
    std::optional<HostState> requester;  // nullopt: not a configured host
    std::optional<HostState> target;
    bool isPeer = false;      // the target is one of the requester's peers (never the requester itself)
    bool windowOver = false;  // the request has waited the whole race window
    // The target asked to fence the requester too and waits as well: whether
    // this request wins the tie-break (see firstWinsRace()).
    std::optional<bool> winsRace;
};

struct FenceRuling {
    FenceVerdict verdict;
    const char* why;  // for the journal and the answer's detail
};

FenceRuling ruleOnFence(const FenceSituation&);

// Who wins when two hosts ask to fence each other within the window:
// more active paired groups, then the lower host id (then the name, for
// hosts without distinct ids). Deterministic: both orders give one winner.
struct FenceContender {
    unsigned activeGroups = 0;
    unsigned hostId = 0;
    std::string name;
};
bool firstWinsRace(const FenceContender& first, const FenceContender& second);

} // namespace icd::board
