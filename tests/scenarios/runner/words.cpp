#include "words.hpp"

#include "common/ini/timespan.hpp"

#include <cctype>
#include <cstdio>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace pgmd::scenario {

std::vector<std::string> splitWords(const std::string& line)
{
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string w; in >> w;)
        out.push_back(w);
    return out;
}

std::string joinWords(const std::vector<std::string>& words, std::size_t first)
{
    std::string out;
    for (std::size_t i = first; i < words.size(); ++i)
        out += (i == first ? "" : " ") + words[i];
    return out;
}

// The configuration's own time spans (10s, 500ms, 5min, 1h), with a unit
// always: a bare number in a script is more likely a slip than seconds.
Duration parseDuration(const std::string& word)
{
    const bool hasUnit = !word.empty() && std::isalpha(static_cast<unsigned char>(word.back()));
    const std::optional<Duration> span = hasUnit ? pgm::parseTimespan(word) : std::nullopt;
    if (!span)
        throw std::runtime_error("not a time span with a unit (ms, s, min, h): " + word);
    return *span;
}

Budget parseBudget(const std::string& word)
{
    const auto slash = word.find('/');
    if (slash == std::string::npos)
        throw std::runtime_error("budget is BURST/INTERVAL: " + word);
    return Budget{static_cast<unsigned>(std::stoul(word.substr(0, slash))), parseDuration(word.substr(slash + 1))};
}

std::string formatOffset(Duration sinceStart)
{
    const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(sinceStart).count();
    char buf[40];
    std::snprintf(buf, sizeof buf, "+%lld.%03llds", ms / 1000, ms % 1000);
    return buf;
}

} // namespace pgmd::scenario
