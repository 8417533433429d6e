#pragma once
// The last configuration that loaded, kept in the state directory, so that a
// pgmd restarted while the files in its configuration directory are broken
// starts from it instead of leaving the members unwatched (pgmd(8), "STALE
// CONFIGURATION").

#include "config/config_loader.hpp"

#include <string>
#include <vector>

namespace pgmd {

// <stateDirectory>/last-good
std::string lastGoodDirectory(const std::string& stateDirectory);

// Copies pgmd.conf, groups.d/*.group and resources.d/*.resource of
// `configDir` into <stateDirectory>/last-good, replacing the previous copy in
// one rename. The copy must load before it replaces the previous one, so a
// file changed while it was being copied cannot spoil it. Throws
// std::runtime_error (or std::system_error) saying what failed.
void keepLastGood(const std::string& configDir, const std::string& stateDirectory);

// Where a last-good copy may be when `broken` (the configuration directory's
// load result) has errors: the StateDirectory= that could still be read from
// its pgmd.conf, then the default /var/lib/pgmd. No duplicates.
std::vector<std::string> lastGoodCandidates(const LoadResult& broken);

} // namespace pgmd
