#pragma once
// `pgmctl list`: one table row per group.

#include "group_status.hpp"
#include "output_settings.hpp"

#include <string>
#include <vector>

namespace pgmctl {

// Layers in start order (system, platform, application), then by name:
// the order in which pgmd brings groups up.
void sortForDisplay(std::vector<GroupStatus>& groups);

// "3" and 5 -> "3/5".
std::string countOfBurst(std::uint32_t count, std::uint32_t burst);

// "active", or "unavailable (held)".
std::string stateLabel(const GroupStatus& group);

// The table, and the "N groups listed." footer when settings.legend.
std::string renderGroupList(const std::vector<GroupStatus>& groups, const OutputSettings& settings);

} // namespace pgmctl
