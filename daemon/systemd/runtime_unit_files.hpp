#pragma once
// The unit files pgmd writes under systemd's runtime unit directory: the slice
// tree (pgm.slice > pgm-<layer>.slice > one slice per group) and, for each
// existing member unit, a drop-in that moves it into its group's slice and
// takes restarts away from systemd. Files pgmd wrote for groups and members no
// longer configured are removed, so a member taken out of the configuration
// gets its own restart policy back after the next reload.

#include "core/model.hpp"

#include <map>
#include <string>
#include <vector>

namespace pgmd {

inline constexpr const char* defaultRuntimeUnitDirectory = "/run/systemd/system";
inline constexpr const char* dropInFileName = "50-pgmd.conf";

class RuntimeUnitFiles {
public:
    explicit RuntimeUnitFiles(std::string directory = defaultRuntimeUnitDirectory);

    // Relative path -> content of every file the groups need.
    std::map<std::string, std::string> render(const std::vector<GroupSpec>& groups) const;

    // Writes each file atomically, skipping those already up to date, and
    // removes stale ones. Returns true when anything on disk changed, i.e.
    // systemd must reload. Throws std::system_error naming the failing file.
    bool apply(const std::vector<GroupSpec>& groups) const;

private:
    bool removeStale(const std::map<std::string, std::string>& wanted) const;

    std::string directory_;
};

} // namespace pgmd
