#include "words.hpp"

#include <cstdio>
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

Duration parseDuration(const std::string& word)
{
    std::size_t used = 0;
    long long n = 0;
    try {
        n = std::stoll(word, &used);
    } catch (const std::exception&) {
        throw std::runtime_error("not a time span: " + word);
    }
    const std::string unit = word.substr(used);
    if (unit == "ms")
        return std::chrono::milliseconds(n);
    if (unit == "s")
        return std::chrono::seconds(n);
    if (unit == "m")
        return std::chrono::minutes(n);
    if (unit == "h")
        return std::chrono::hours(n);
    throw std::runtime_error("time span needs a unit (ms, s, m, h): " + word);
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
