#pragma once
// Sequence numbers count 1, 2, 3 ... per session and direction; handshake
// frames carry 0. They never wrap: once kLastSeq is spent the sender must
// start a new session, because a receiver takes any number not above the
// last accepted for a replay. (At one frame a second that is 136 years.)

#include <cstdint>
#include <optional>

namespace icd {

inline constexpr std::uint32_t kHandshakeSeq = 0;
inline constexpr std::uint32_t kLastSeq = 0xFFFFFFFF;

// The number after `lastSent` (kHandshakeSeq before the first), or nothing
// once the space is spent.
constexpr std::optional<std::uint32_t> nextSeq(std::uint32_t lastSent)
{
    if (lastSent == kLastSeq)
        return std::nullopt;
    return lastSent + 1;
}

enum class SeqOrder { Newer, Same, Older };

// Gaps are fine (frames get lost); going back is not. A session frame with
// seq 0 is always Older: 0 belongs to the handshake.
constexpr SeqOrder compareSeq(std::uint32_t lastAccepted, std::uint32_t seq)
{
    if (seq == kHandshakeSeq)
        return SeqOrder::Older;
    if (seq > lastAccepted)
        return SeqOrder::Newer;
    return seq == lastAccepted ? SeqOrder::Same : SeqOrder::Older;
}

} // namespace icd
