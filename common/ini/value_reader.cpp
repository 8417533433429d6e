#include "common/ini/value_reader.hpp"

#include "common/ini/command_line.hpp"
#include "common/ini/timespan.hpp"
#include "common/ini/values.hpp"

namespace pgm {

namespace {

std::string quoted(std::string_view s)
{
    return "'" + std::string(s) + "'";
}

std::string listOf(std::initializer_list<std::string_view> allowed)
{
    std::string out;
    for (auto a : allowed) {
        if (!out.empty())
            out += ", ";
        out += a;
    }
    return out;
}

} // namespace

void ValueReader::error(unsigned line, std::string key, std::string message)
{
    errors_.push_back({file_, line, std::move(key), std::move(message)});
}

std::optional<unsigned> ValueReader::count(const IniEntry& e)
{
    auto v = parseCount(e.value);
    if (!v)
        error(e, "invalid number " + quoted(e.value) + " (expected a non-negative integer)");
    return v;
}

std::optional<Duration> ValueReader::timespan(const IniEntry& e)
{
    // Deadlines are "now + span" in microseconds: a bound far below the
    // overflow keeps that sum meaningful, and no budget needs more.
    constexpr Duration kLongest = std::chrono::hours(24 * 365 * 10);
    auto v = parseTimespan(e.value);
    if (!v)
        error(e, "invalid time span " + quoted(e.value) + " (examples: 500ms, 5s, 5min, 1h 30min)");
    else if (*v > kLongest) {
        error(e, "time span " + quoted(e.value) + " is too long (at most 10 years)");
        return std::nullopt;
    }
    return v;
}

std::optional<Duration> ValueReader::positiveTimespan(const IniEntry& e)
{
    auto v = timespan(e);
    if (v && v->count() == 0) {
        error(e, "must be greater than 0");
        return std::nullopt;
    }
    return v;
}

std::optional<std::uint64_t> ValueReader::size(const IniEntry& e)
{
    auto v = parseSize(e.value);
    if (!v)
        error(e, "invalid size " + quoted(e.value) + " (examples: 512, 10K, 500M, 1G)");
    return v;
}

std::optional<bool> ValueReader::boolean(const IniEntry& e)
{
    auto v = parseBoolean(e.value);
    if (!v)
        error(e, "invalid boolean " + quoted(e.value) + " (allowed: yes, no, true, false, on, off, 1, 0)");
    return v;
}

std::optional<std::string> ValueReader::name(const IniEntry& e)
{
    if (!isValidName(e.value)) {
        error(e, "invalid name " + quoted(e.value) + " (" + std::string(kNameRule) + ")");
        return std::nullopt;
    }
    return e.value;
}

std::optional<std::string> ValueReader::absolutePath(const IniEntry& e)
{
    if (!isAbsolutePath(e.value)) {
        error(e, quoted(e.value) + " is not an absolute path");
        return std::nullopt;
    }
    return e.value;
}

std::optional<std::vector<std::string>> ValueReader::command(const IniEntry& e)
{
    auto argv = splitCommandLine(e.value);
    if (!argv) {
        error(e, "unbalanced quotes or trailing backslash");
        return std::nullopt;
    }
    if (argv->empty()) {
        error(e, "empty command");
        return std::nullopt;
    }
    if (!isAbsolutePath(argv->front())) {
        error(e, "the program " + quoted(argv->front()) + " must be an absolute path");
        return std::nullopt;
    }
    return argv;
}

std::optional<std::size_t> ValueReader::choice(const IniEntry& e, std::initializer_list<std::string_view> allowed)
{
    std::size_t i = 0;
    for (auto a : allowed) {
        if (e.value == a)
            return i;
        ++i;
    }
    error(e, "invalid value " + quoted(e.value) + " (allowed: " + listOf(allowed) + ")");
    return std::nullopt;
}

std::vector<Located> ValueReader::words(const IniEntry& e)
{
    std::vector<Located> out;
    std::size_t i = 0;
    const std::string& s = e.value;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
            ++i;
        std::size_t start = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t')
            ++i;
        if (i > start)
            out.push_back({s.substr(start, i - start), e.line});
    }
    return out;
}

} // namespace pgm
