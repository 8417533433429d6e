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

// This computer's host name (gethostname), or "" when it has none.
std::string localHostName();

// Never throws for a bad configuration: problems go to LoadResult::errors and
// `config` holds whatever could be read. With `unitExists`, every existing unit
// a group runs here names is checked with it (the units of groups run on
// other nodes need not exist on this one). `hostName` is this node's name when
// NodeName= is empty: Nodes= and Mate= are matched against it.
LoadResult loadConfig(const std::string& configDir, const UnitExistsFn& unitExists = {},
                      const std::string& hostName = localHostName());

} // namespace pgmd
