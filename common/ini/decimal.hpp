#pragma once
// A non-negative decimal number such as "12" or "1.5", kept exact so that
// "1.5G" and "0.25s" scale to whole bytes and microseconds without rounding
// surprises.

#include <cstdint>
#include <optional>
#include <string_view>

namespace pgm {

struct Decimal {
    std::uint64_t whole = 0;
    std::uint64_t fraction = 0;     // the digits after the point, as an integer
    unsigned fractionDigits = 0;

    // value * factor, the fraction's remainder truncated; nullopt on overflow.
    std::optional<std::uint64_t> scaled(std::uint64_t factor) const;
};

// Digits, optionally followed by '.' and more digits. No sign, no exponent.
std::optional<Decimal> parseDecimal(std::string_view);

} // namespace pgm
