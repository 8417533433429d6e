#include "crc32c.hpp"

#include <array>

namespace icd {

namespace {

constexpr std::uint32_t kReflectedPolynomial = 0x82F63B78;

constexpr std::array<std::uint32_t, 256> makeTable()
{
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t byte = 0; byte < 256; ++byte) {
        std::uint32_t crc = byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1) ? (crc >> 1) ^ kReflectedPolynomial : crc >> 1;
        table[byte] = crc;
    }
    return table;
}

constexpr auto kTable = makeTable();

} // namespace

std::uint32_t crc32c(ByteView data)
{
    std::uint32_t crc = 0xFFFFFFFF;
    for (std::uint8_t byte : data)
        crc = (crc >> 8) ^ kTable[(crc ^ byte) & 0xFF];
    return crc ^ 0xFFFFFFFF;
}

} // namespace icd
