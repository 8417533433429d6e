#include "pager_choice.hpp"

#include <sstream>
#include <string_view>

namespace pgmctl {

namespace {

std::vector<std::string> words(std::string_view text)
{
    std::istringstream in{std::string(text)};
    std::vector<std::string> out;
    for (std::string word; in >> word;)
        out.push_back(word);
    return out;
}

// nullopt: the variable is unset, so the next choice applies.
std::optional<std::optional<std::vector<std::string>>> fromVariable(const char* value)
{
    if (value == nullptr)
        return std::nullopt;
    std::vector<std::string> argv = words(value);
    if (argv.empty() || (argv.size() == 1 && argv[0] == "cat"))
        return std::optional<std::vector<std::string>>{};
    return std::optional<std::vector<std::string>>{argv};
}

} // namespace

std::optional<std::vector<std::string>> choosePager(const PagerEnvironment& environment)
{
    if (auto chosen = fromVariable(environment.systemdPager))
        return *chosen;
    if (auto chosen = fromVariable(environment.pager))
        return *chosen;
    return std::vector<std::string>{"less"};
}

} // namespace pgmctl
