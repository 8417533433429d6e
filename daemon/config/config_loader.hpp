#pragma once
// Reads a configuration directory: pgmd.conf, groups.d/*.group and
// resources.d/*.resource (see pgmd.conf(5), pgmd.group(5), pgmd.resource(5)).

#include "common/ini/config_error.hpp"
#include "core/model.hpp"
#include "unit_exists.hpp"

#include <string>
#include <vector>

namespace pgmd {

struct LoadResult {
    Config config;
    std::vector<pgm::ConfigError> errors;  // every problem found, not just the first
    bool ok() const { return errors.empty(); }
};

// Never throws for a bad configuration: problems go to LoadResult::errors and
// `config` holds whatever could be read. With `unitExists`, every existing unit
// a group names is checked with it.
LoadResult loadConfig(const std::string& configDir, const UnitExistsFn& unitExists = {});

} // namespace pgmd
