#include "common/ini/decimal.hpp"

#include <limits>

namespace pgm {

namespace {

__extension__ typedef unsigned __int128 Wide;

// Digits past this add nothing a microsecond or a byte could show, and more
// would overflow the power of ten below.
constexpr unsigned kMaxFractionDigits = 18;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

} // namespace

std::optional<std::uint64_t> Decimal::scaled(std::uint64_t factor) const
{
    Wide power = 1;
    for (unsigned i = 0; i < fractionDigits; ++i)
        power *= 10;
    Wide value = Wide{whole} * factor + Wide{fraction} * factor / power;
    if (value > std::numeric_limits<std::uint64_t>::max())
        return std::nullopt;
    return static_cast<std::uint64_t>(value);
}

std::optional<Decimal> parseDecimal(std::string_view text)
{
    Decimal d;
    std::size_t i = 0;
    if (text.empty() || !isDigit(text[0]))
        return std::nullopt;
    for (; i < text.size() && isDigit(text[i]); ++i) {
        unsigned digit = static_cast<unsigned>(text[i] - '0');
        if (d.whole > (std::numeric_limits<std::uint64_t>::max() - digit) / 10)
            return std::nullopt;
        d.whole = d.whole * 10 + digit;
    }
    if (i == text.size())
        return d;
    if (text[i] != '.' || i + 1 == text.size())
        return std::nullopt;
    for (++i; i < text.size(); ++i) {
        if (!isDigit(text[i]))
            return std::nullopt;
        if (d.fractionDigits == kMaxFractionDigits)
            continue;
        d.fraction = d.fraction * 10 + static_cast<unsigned>(text[i] - '0');
        ++d.fractionDigits;
    }
    return d;
}

} // namespace pgm
