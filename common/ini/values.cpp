#include "common/ini/values.hpp"

#include "common/ini/decimal.hpp"

#include <array>
#include <cctype>
#include <limits>

namespace pgm {

namespace {

bool isAsciiAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// systemd's limit for a unit name.
constexpr std::size_t kMaxUnitNameLength = 255;
constexpr std::size_t kMaxNameLength = 64;

} // namespace

std::optional<std::uint64_t> parseSize(std::string_view text)
{
    struct Suffix { char letter; std::uint64_t factor; };
    constexpr std::array kSuffixes{
        Suffix{'B', 1},
        Suffix{'K', 1ULL << 10},
        Suffix{'M', 1ULL << 20},
        Suffix{'G', 1ULL << 30},
        Suffix{'T', 1ULL << 40},
        Suffix{'P', 1ULL << 50},
        Suffix{'E', 1ULL << 60},
    };
    if (text.empty())
        return std::nullopt;
    std::uint64_t factor = 1;
    for (const auto& s : kSuffixes) {
        if (text.back() == s.letter) {
            factor = s.factor;
            text.remove_suffix(1);
            break;
        }
    }
    auto number = parseDecimal(text);
    if (!number)
        return std::nullopt;
    return number->scaled(factor);
}

std::optional<bool> parseBoolean(std::string_view text)
{
    for (std::string_view yes : {"yes", "true", "on", "1"})
        if (equalsIgnoringCase(text, yes))
            return true;
    for (std::string_view no : {"no", "false", "off", "0"})
        if (equalsIgnoringCase(text, no))
            return false;
    return std::nullopt;
}

std::optional<unsigned> parseCount(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    unsigned value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        unsigned digit = static_cast<unsigned>(c - '0');
        if (value > (std::numeric_limits<unsigned>::max() - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

bool isValidName(std::string_view name)
{
    if (name.empty() || name.size() > kMaxNameLength || name[0] == '-' || name[0] == '.')
        return false;
    for (char c : name)
        if (!isAsciiAlnum(c) && c != '_' && c != '.' && c != '-')
            return false;
    return true;
}

bool isAbsolutePath(std::string_view path)
{
    return !path.empty() && path[0] == '/';
}

bool isServiceUnitName(std::string_view unit)
{
    constexpr std::string_view suffix = ".service";
    if (unit.size() <= suffix.size() || unit.size() > kMaxUnitNameLength || !unit.ends_with(suffix))
        return false;
    std::string_view prefix = unit.substr(0, unit.size() - suffix.size());
    if (prefix.front() == '@' || prefix.back() == '@')
        return false;
    bool seenAt = false;
    for (char c : prefix) {
        if (c == '@') {
            if (seenAt)
                return false;
            seenAt = true;
            continue;
        }
        if (!isAsciiAlnum(c) && c != ':' && c != '_' && c != '.' && c != '-' && c != '\\')
            return false;
    }
    return true;
}

bool isValidUserName(std::string_view user)
{
    constexpr std::size_t kMaxUserNameLength = 32;
    if (user.empty() || user.size() > kMaxUserNameLength || user[0] == '-' || user[0] == '.')
        return false;
    for (char c : user)
        if (!isAsciiAlnum(c) && c != '_' && c != '.' && c != '-')
            return false;
    return true;
}

bool isEnvironmentAssignment(std::string_view word)
{
    auto eq = word.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return false;
    std::string_view key = word.substr(0, eq);
    if (key[0] >= '0' && key[0] <= '9')
        return false;
    for (char c : key)
        if (!isAsciiAlnum(c) && c != '_')
            return false;
    return true;
}

} // namespace pgm
