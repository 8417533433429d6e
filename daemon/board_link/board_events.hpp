#pragma once
// What the independent computer tells pgmd about its peers, as plain values
// for the application (which hands them to the pair arbiter): the answer to
// a fence request, a notice (a peer being fenced, off, on again), the
// answer to a peer query, and whether this board fences on request at all.

#include "protocol/messages.hpp"

#include <functional>
#include <string>
#include <variant>

namespace pgmd::boardlink {

struct FenceAnswer {
    enum class Result {
        Granted,      // ACK: the board fences the target (its Off notice follows)
        Refused,      // NAK refused: this host lost the tie-break or is being fenced
        CannotFence,  // NAK unknown-type: an older board
        Failed,       // any other NAK (unknown-host, not-peer, ...)
    };
    icd::HostId target = 0;
    Result result = Result::Granted;
    std::string text;  // "ACK fence of host 2 (seq 9)", "NAK ...: refused"
};

// Whether this board fences on request now: the link is up and the board did
// not answer FENCE_PEER with NAK unknown-type.
struct FenceAbility {
    bool canFence = false;
    std::string why;
};

using BoardEvent = std::variant<FenceAnswer, icd::PeerNotice, icd::PeerStatus, FenceAbility>;
using BoardEventListener = std::function<void(const BoardEvent&)>;

} // namespace pgmd::boardlink
