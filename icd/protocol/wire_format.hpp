#pragma once
// Sizes and fixed values of the wire format (see README.md in this folder).
//
//   frame = 00 | COBS(body) | 00
//   body  = version u8 | type u8 | flags u8 | host u8 | seq u32le | length u8 |
//           payload[length] | tag[16] | crc32c u32le

#include "cobs.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace icd {

using HostId = std::uint8_t;

inline constexpr std::uint8_t kProtocolVersion = 1;
inline constexpr std::uint8_t kFrameDelimiter = 0x00;

inline constexpr std::size_t kHeaderSize = 9;
inline constexpr std::size_t kTagSize = 16;   // HMAC-SHA256, truncated
inline constexpr std::size_t kCrcSize = 4;
inline constexpr std::size_t kNonceSize = 16;
// The largest payload (HELLO_ACK) is 32 bytes; room is left for later fields.
inline constexpr std::size_t kMaxPayloadSize = 64;

inline constexpr std::size_t kMinBodySize = kHeaderSize + kTagSize + kCrcSize;
inline constexpr std::size_t kMaxBodySize = kMinBodySize + kMaxPayloadSize;
inline constexpr std::size_t kMaxEncodedBodySize = cobsMaxEncodedSize(kMaxBodySize);

using Tag = std::array<std::uint8_t, kTagSize>;
using Nonce = std::array<std::uint8_t, kNonceSize>;

} // namespace icd
