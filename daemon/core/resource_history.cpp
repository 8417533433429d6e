#include "resource_history.hpp"

#include <algorithm>

namespace pgmd {

const char* toString(ResourceHealth health)
{
    switch (health) {
    case ResourceHealth::Unknown:
        return "unknown";
    case ResourceHealth::Ok:
        return "ok";
    case ResourceHealth::Failed:
        return "failing";
    }
    return "unknown";
}

bool ResourceHistory::recordCheck(ResourceHealth before, ResourceHealth after, const std::string& error, TimePoint at)
{
    lastCheckAt = at;
    bool changed = false;
    if (after != before || !healthSince) {
        healthSince = at;
        changed = true;
    }
    if (after == ResourceHealth::Failed && error != lastError) {
        lastError = error;
        changed = true;
    }
    return changed;
}

void ResourceHistory::recordReinit(TimePoint at)
{
    ++reinits;
    lastReinitAt = at;
}

std::vector<std::string> groupsUsing(const Config& config, const std::string& resource)
{
    std::vector<std::string> users;
    for (const GroupSpec& g : config.groups)
        if (std::find(g.resources.begin(), g.resources.end(), resource) != g.resources.end())
            users.push_back(g.name);
    return users;
}

} // namespace pgmd
