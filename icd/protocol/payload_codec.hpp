#pragma once
// Payload bytes <-> typed payloads. Decoding is strict: the exact size for
// the type and a known value in every enum field, or nothing.

#include "bytes.hpp"
#include "messages.hpp"

#include <optional>

namespace icd {

bool isKnownMessageType(std::uint8_t type);

Bytes encodePayload(const Payload&);
std::optional<Payload> decodePayload(MessageType, ByteView payload);

} // namespace icd
