#include "checked_config.hpp"

#include "systemd/systemd_client.hpp"

#include <map>
#include <optional>

namespace pgmd {

LoadResult loadCheckedConfig(const std::string& configDir, SystemdClient* systemd)
{
    UnitExistsFn exists;
    std::map<std::string, std::optional<bool>> known;
    if (systemd) {
        // A first reading names the units, so systemd is asked about all of them at once.
        std::vector<std::string> units;
        for (const GroupSpec& g : loadConfig(configDir).config.groups)
            for (const MemberSpec& m : g.members)
                if (!m.isTransient)
                    units.push_back(m.name);
        known = systemd->unitsExist(units);
        exists = [&known, systemd](const std::string& unit) {
            auto it = known.find(unit);
            return it != known.end() ? it->second : systemd->unitExists(unit);
        };
    }
    LoadResult result = loadConfig(configDir, exists);
    if (result.ok() && result.config.manager.nodeName.empty())
        result.config.manager.nodeName = hostName();
    return result;
}

std::string errorSummary(const std::vector<pgm::ConfigError>& errors, const std::string& configDir)
{
    return std::to_string(errors.size()) + " configuration error" + (errors.size() == 1 ? "" : "s") + " in " +
           configDir;
}

std::string errorLines(const std::vector<pgm::ConfigError>& errors)
{
    std::string lines;
    for (const pgm::ConfigError& e : errors)
        lines += "\n" + format(e);
    return lines;
}

std::string hostName()
{
    std::string name = localHostName();
    return name.empty() ? "localhost" : name;
}

} // namespace pgmd
