#pragma once
// Byte buffers and the little-endian field access the wire format uses.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace icd {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline void appendU16le(Bytes& out, std::uint16_t value)
{
    out.push_back(static_cast<std::uint8_t>(value));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
}

inline void appendU32le(Bytes& out, std::uint32_t value)
{
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(static_cast<std::uint8_t>(value >> shift));
}

inline void appendBytes(Bytes& out, ByteView bytes)
{
    out.insert(out.end(), bytes.begin(), bytes.end());
}

// Reads fixed-size fields front to back. Running past the end does not throw:
// it marks the reader failed and yields zeros, so a decoder checks once, at
// the end, that the input had exactly the expected size.
class ByteReader {
public:
    explicit ByteReader(ByteView input) : input_(input) {}

    std::uint8_t u8()
    {
        if (!take(1))
            return 0;
        return input_[position_ - 1];
    }

    std::uint16_t u16le()
    {
        if (!take(2))
            return 0;
        const std::uint8_t* p = input_.data() + position_ - 2;
        return static_cast<std::uint16_t>(p[0] | p[1] << 8);
    }

    std::uint32_t u32le()
    {
        if (!take(4))
            return 0;
        const std::uint8_t* p = input_.data() + position_ - 4;
        return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
               std::uint32_t(p[3]) << 24;
    }

    template <std::size_t N>
    std::array<std::uint8_t, N> array()
    {
        std::array<std::uint8_t, N> out{};
        if (take(N))
            std::copy_n(input_.data() + position_ - N, N, out.begin());
        return out;
    }

    // True when every read succeeded and nothing is left over.
    bool consumedExactly() const { return !failed_ && position_ == input_.size(); }

private:
    bool take(std::size_t n)
    {
        if (failed_ || input_.size() - position_ < n) {
            failed_ = true;
            return false;
        }
        position_ += n;
        return true;
    }

    ByteView input_;
    std::size_t position_ = 0;
    bool failed_ = false;
};

} // namespace icd
