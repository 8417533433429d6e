#pragma once
// Byte strings for the tests here: a frame around some bytes, parts joined
// into one stream, bytes from hex digits.

#include "protocol/bytes.hpp"

#include <initializer_list>
#include <string>
#include <vector>

namespace icd::test {

// 00 | inner | 00; `inner` holds no zero.
inline Bytes frameOf(std::initializer_list<std::uint8_t> inner)
{
    Bytes frame;
    frame.reserve(inner.size() + 2);
    frame.push_back(0x00);
    for (std::uint8_t byte : inner)
        frame.push_back(byte);
    frame.push_back(0x00);
    return frame;
}

inline Bytes joined(const std::vector<Bytes>& parts)
{
    Bytes out;
    for (const Bytes& part : parts)
        appendBytes(out, part);
    return out;
}

// "00ff..." -> {0x00, 0xff, ...}; the digits must be valid.
inline Bytes bytesFromHex(const std::string& hex)
{
    Bytes out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    return out;
}

} // namespace icd::test
