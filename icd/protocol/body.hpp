#pragma once
// The body of a frame: header, payload, tag, CRC. Only layout and the
// checks that need no key live here; authentication is in sealing.hpp.

#include "bytes.hpp"
#include "counters.hpp"
#include "wire_format.hpp"

#include <optional>
#include <variant>

namespace icd {

struct Header {
    std::uint8_t version = kProtocolVersion;
    std::uint8_t type = 0;
    std::uint8_t flags = 0; // reserved: 0
    HostId host = 0;
    std::uint32_t seq = 0;
    std::uint8_t payloadSize = 0;
};

// Views into a body that passed parseBody; valid while the body lives.
struct BodyView {
    Header header;
    ByteView payload;
    ByteView signedPart; // header and payload: what the tag covers
    ByteView tag;        // kTagSize bytes
};

// A body too short to be one is a fragment (noise); one too long, oversize.
std::optional<DropReason> bodySizeProblem(std::size_t bodySize);

// Checks in order: size, CRC, version, payload-length field.
std::variant<BodyView, DropReason> parseBody(ByteView body);

// The host id of a body that passes parseBody, for routing several hosts'
// frames that share one line to their sessions. Not authenticated.
std::optional<HostId> peekHostId(ByteView body);

// Header followed by payload (at most kMaxPayloadSize bytes).
Bytes signedPartOf(const Header&, ByteView payload);

// A signed part with its tag and CRC appended.
Bytes completeBody(ByteView signedPart, const Tag&);

} // namespace icd
