#include "current_config.hpp"

#include <utility>

namespace pgmd {

CurrentConfig::CurrentConfig(Config config, std::string directory, TimePoint loadedAt,
                             std::optional<std::string> staleBecause)
    : config_(std::make_unique<Config>(std::move(config))), directory_(std::move(directory)), loadedAt_(loadedAt),
      staleBecause_(std::move(staleBecause))
{
}

std::unique_ptr<Config> CurrentConfig::replace(std::unique_ptr<Config> next, TimePoint loadedAt)
{
    loadedAt_ = loadedAt;
    return std::exchange(config_, std::move(next));
}

bool CurrentConfig::markStale(std::string reason)
{
    const bool changed = staleBecause_ != reason;
    staleBecause_ = std::move(reason);
    return changed;
}

bool CurrentConfig::clearStale()
{
    return std::exchange(staleBecause_, std::nullopt).has_value();
}

std::vector<std::string> memberUnits(const Config& config)
{
    std::vector<std::string> units;
    for (const GroupSpec& g : config.groups)
        for (const MemberSpec& m : g.members)
            units.push_back(m.name);
    return units;
}

const GroupSpec* groupOfUnit(const Config& config, const std::string& unit)
{
    for (const GroupSpec& g : config.groups)
        for (const MemberSpec& m : g.members)
            if (m.name == unit)
                return &g;
    return nullptr;
}

} // namespace pgmd
