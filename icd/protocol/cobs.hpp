#pragma once
// Consistent Overhead Byte Stuffing: rewrites a buffer so that it contains no
// zero byte, which leaves 0x00 free to mark frame edges on the line.

#include "bytes.hpp"

#include <optional>

namespace icd {

// Worst case: one code byte per 254 data bytes, plus the first.
constexpr std::size_t cobsMaxEncodedSize(std::size_t dataSize)
{
    return dataSize + dataSize / 254 + 1;
}

// Canonical encoding: a final block of 254 data bytes gets no empty block
// after it.
Bytes cobsEncode(ByteView data);

// Nothing when `encoded` is empty, holds a zero byte, or has a block that
// runs past its end.
std::optional<Bytes> cobsDecode(ByteView encoded);

} // namespace icd
