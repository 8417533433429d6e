#pragma once
// Which configuration pgmd starts from: the configuration directory's when it
// loads (and then it becomes the last good copy), else the last good copy in
// the state directory, marked stale. Members must not be left unwatched
// because someone left a typo in /etc/pgmd.

#include "config/config_loader.hpp"

#include <functional>
#include <optional>
#include <string>

namespace pgmd {

struct StartupConfig {
    Config config;
    // Set when `config` is the last good copy: the configuration directory's errors.
    std::optional<std::string> staleBecause;
};

// Loads one directory the way pgmd runs it (see checked_config.hpp).
using ConfigLoadFn = std::function<LoadResult(const std::string& dir)>;

// `loaded` is what `configDir` gave. Logs what it chose and why. Nothing when
// there is nothing to start from: the directory has errors and no last-good
// copy exists, or the copy no longer loads either.
std::optional<StartupConfig> chooseStartupConfig(const std::string& configDir, LoadResult loaded,
                                                 const ConfigLoadFn& load);

// keepLastGood, logging rather than throwing: a copy that cannot be made is
// no reason to stop managing the groups.
void keepLastGoodOrWarn(const std::string& configDir, const std::string& stateDirectory);

} // namespace pgmd
