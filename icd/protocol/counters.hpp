#pragma once
// Why a frame was not acted on, and how often each reason occurred. The names
// are stable identifiers for D-Bus properties and journal fields.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace icd {

enum class DropReason : std::uint8_t {
    Noise,       // bytes before the first delimiter, or a fragment too short to be a frame
    Cobs,        // not valid COBS
    Oversize,    // longer than the largest frame; skipped up to the next delimiter
    Length,      // body size disagrees with its payload-length field
    Crc,         // CRC-32C mismatch
    Version,     // unknown protocol version
    WrongHost,   // host id of another host
    NoSession,   // needs a session and there is none (or a HELLO_ACK to no HELLO)
    Tag,         // authentication tag does not verify
    Replay,      // sequence number not above the last accepted, or a stale handshake frame
    Duplicate,   // retransmission of the last accepted request: answered again, acted on once
    UnknownType, // authentic, but of a message type this version does not know
    Unexpected,  // authentic, but a type that never travels in this direction
    Malformed,   // authentic, but flags or payload do not decode strictly
};

inline constexpr std::size_t kDropReasonCount = static_cast<std::size_t>(DropReason::Malformed) + 1;

std::string_view dropReasonName(DropReason);
std::optional<DropReason> dropReasonFromName(std::string_view);

class Counters {
public:
    void countAccepted() { ++accepted_; }
    void countDrop(DropReason reason) { ++drops_[index(reason)]; }

    std::uint64_t accepted() const { return accepted_; }
    std::uint64_t dropped(DropReason reason) const { return drops_[index(reason)]; }
    // Frames not acted on, duplicates included.
    std::uint64_t droppedTotal() const;

    Counters& operator+=(const Counters& other);
    bool operator==(const Counters&) const = default;

private:
    static std::size_t index(DropReason reason) { return static_cast<std::size_t>(reason); }

    std::uint64_t accepted_ = 0;
    std::array<std::uint64_t, kDropReasonCount> drops_{};
};

} // namespace icd
