#include "common/ini/timespan.hpp"

#include "common/ini/decimal.hpp"

#include <array>
#include <cstdint>
#include <limits>

namespace pgm {

namespace {

struct TimeUnit {
    std::string_view name;
    std::int64_t usec;
};

constexpr std::int64_t kSecond = 1000000;

constexpr std::array kUnits{
    TimeUnit{"us", 1},
    TimeUnit{"usec", 1},
    TimeUnit{"ms", 1000},
    TimeUnit{"msec", 1000},
    TimeUnit{"s", kSecond},
    TimeUnit{"sec", kSecond},
    TimeUnit{"second", kSecond},
    TimeUnit{"seconds", kSecond},
    TimeUnit{"m", 60 * kSecond},
    TimeUnit{"min", 60 * kSecond},
    TimeUnit{"minute", 60 * kSecond},
    TimeUnit{"minutes", 60 * kSecond},
    TimeUnit{"h", 3600 * kSecond},
    TimeUnit{"hr", 3600 * kSecond},
    TimeUnit{"hour", 3600 * kSecond},
    TimeUnit{"hours", 3600 * kSecond},
    TimeUnit{"d", 86400 * kSecond},
    TimeUnit{"day", 86400 * kSecond},
    TimeUnit{"days", 86400 * kSecond},
    TimeUnit{"w", 604800 * kSecond},
    TimeUnit{"week", 604800 * kSecond},
    TimeUnit{"weeks", 604800 * kSecond},
};

// Units used when formatting, largest first.
constexpr std::array kFormatUnits{
    TimeUnit{"w", 604800 * kSecond},
    TimeUnit{"d", 86400 * kSecond},
    TimeUnit{"h", 3600 * kSecond},
    TimeUnit{"min", 60 * kSecond},
    TimeUnit{"s", kSecond},
    TimeUnit{"ms", 1000},
    TimeUnit{"us", 1},
};

std::optional<std::int64_t> unitFactor(std::string_view name)
{
    for (const auto& u : kUnits)
        if (u.name == name)
            return u.usec;
    return std::nullopt;
}

bool isSpace(char c) { return c == ' ' || c == '\t'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

void skipSpaces(std::string_view s, std::size_t& i)
{
    while (i < s.size() && isSpace(s[i]))
        ++i;
}

} // namespace

std::optional<Duration> parseTimespan(std::string_view text)
{
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    std::size_t i = 0;
    skipSpaces(text, i);
    if (i == text.size())
        return std::nullopt;

    std::int64_t total = 0;
    while (i < text.size()) {
        std::size_t start = i;
        while (i < text.size() && (isDigit(text[i]) || text[i] == '.'))
            ++i;
        auto number = parseDecimal(text.substr(start, i - start));
        if (!number)
            return std::nullopt;

        skipSpaces(text, i);
        start = i;
        while (i < text.size() && isLetter(text[i]))
            ++i;
        std::int64_t factor = kSecond;
        if (i > start) {
            auto f = unitFactor(text.substr(start, i - start));
            if (!f)
                return std::nullopt;
            factor = *f;
        }
        auto part = number->scaled(static_cast<std::uint64_t>(factor));
        if (!part || *part > static_cast<std::uint64_t>(kMax - total))
            return std::nullopt;
        total += static_cast<std::int64_t>(*part);
        skipSpaces(text, i);
    }
    return Duration{total};
}

std::string formatTimespan(Duration d)
{
    if (d.count() == 0)
        return "0";
    std::string out = d.count() < 0 ? "-" : "";
    // Unsigned so that the most negative value has a magnitude too.
    std::uint64_t left = d.count() < 0 ? 0 - static_cast<std::uint64_t>(d.count())
                                       : static_cast<std::uint64_t>(d.count());
    bool first = true;
    for (const auto& u : kFormatUnits) {
        auto unit = static_cast<std::uint64_t>(u.usec);
        if (left < unit)
            continue;
        if (!first)
            out += ' ';
        out += std::to_string(left / unit);
        out += u.name;
        left %= unit;
        first = false;
    }
    return out;
}

} // namespace pgm
