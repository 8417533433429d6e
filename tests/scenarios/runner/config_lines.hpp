#pragma once
// The configuration section of a scenario: one declaration a line, applied to
// a Config in order (lines after "group" describe that group).

#include "core/model.hpp"

#include <string>
#include <vector>

namespace pgmd::scenario {

// A Config with the built-in layer defaults, as pgmd.conf without settings gives.
Config defaultConfig(const std::string& nodeName);
// Returns false when the first word is no configuration keyword.
bool applyConfigLine(Config& config, const std::vector<std::string>& words);
// After the last line: this node's view of its clustered groups (role and
// mate from Nodes=), as the configuration loader derives it.
void finishConfig(Config& config);

} // namespace pgmd::scenario
