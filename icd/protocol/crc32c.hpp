#pragma once
// CRC-32C (Castagnoli, as in iSCSI and ext4). Written here rather than taken
// from a library: Debian has no packaged C library for it on every board
// architecture (ISA-L is amd64/arm64 only), and the check is a few lines.
// It only catches line noise early; authenticity comes from the tag.

#include "bytes.hpp"

namespace icd {

std::uint32_t crc32c(ByteView data);

} // namespace icd
