#pragma once
// The checks that need more than one file. Each error is placed at the key
// that causes it, in the file of the group that has that key.

#include "common/ini/config_error.hpp"
#include "core/model.hpp"
#include "group_file.hpp"
#include "unit_exists.hpp"

#include <vector>

namespace pgmd {

// A unit may belong to one group only (inline process units included), and
// every existing unit of a group run here must be known to systemd.
void checkMembers(const std::vector<ParsedGroup>&, const UnitExistsFn&, pgm::ConfigErrors&);

// DependsOn= and Resources= name things that exist, and a group depends only
// on groups of its own or a lower layer (system < platform < application). A
// group run here cannot depend on one this node does not run.
void checkReferences(const std::vector<ParsedGroup>&, const std::vector<ResourceSpec>&, pgm::ConfigErrors&);

// Dependency cycles, each reported once.
void checkCycles(const std::vector<ParsedGroup>&, pgm::ConfigErrors&);

} // namespace pgmd
