#include "cgroup_unit.hpp"

#include <array>
#include <fstream>
#include <iterator>

namespace pgmd {

namespace {

constexpr std::string_view kUnifiedPrefix = "0::";

// Unit types whose processes run in a cgroup of their own. Slices hold
// units, never processes directly.
constexpr std::array<std::string_view, 5> kProcessUnitSuffixes{".service", ".scope", ".socket", ".mount", ".swap"};

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool isUnitNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '-' ||
           c == '_' || c == '.' || c == '\\' || c == '@';
}

bool isProcessUnitName(std::string_view name)
{
    for (char c : name)
        if (!isUnitNameChar(c))
            return false;
    for (std::string_view suffix : kProcessUnitSuffixes)
        if (endsWith(name, suffix) && name.size() > suffix.size())
            return true;
    return false;
}

// systemd prefixes a cgroup name with '_' when it would clash with a kernel
// file name or start with a dot or underscore.
std::string_view unescapeCgroupName(std::string_view name)
{
    return (!name.empty() && name.front() == '_') ? name.substr(1) : name;
}

std::optional<std::string_view> unifiedPath(std::string_view text)
{
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        if (line.substr(0, kUnifiedPrefix.size()) == kUnifiedPrefix)
            return line.substr(kUnifiedPrefix.size());
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> unitOfCgroupFile(std::string_view procCgroup)
{
    const std::optional<std::string_view> path = unifiedPath(procCgroup);
    if (!path || path->empty() || path->front() != '/')
        return std::nullopt;

    std::string_view rest = path->substr(1);
    while (!rest.empty()) {
        const std::size_t slash = rest.find('/');
        const std::string_view component = unescapeCgroupName(rest.substr(0, slash));
        if (!endsWith(component, ".slice")) {
            if (!isProcessUnitName(component))
                return std::nullopt;
            return std::string(component);
        }
        if (slash == std::string_view::npos)
            break;
        rest.remove_prefix(slash + 1);
    }
    return std::nullopt;
}

std::optional<std::string> unitOfProcess(pid_t pid)
{
    if (pid <= 0)
        return std::nullopt;
    std::ifstream file("/proc/" + std::to_string(pid) + "/cgroup");
    if (!file)
        return std::nullopt;
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    return unitOfCgroupFile(text);
}

} // namespace pgmd
