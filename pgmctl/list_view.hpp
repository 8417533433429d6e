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

// Process restarts, then group restarts, each of its burst: "p1/3 g0/2".
std::string restartsLabel(const GroupStatus& group);

// "active", or "unavailable (held)".
std::string stateLabel(const GroupStatus& group);

// The table, and the "N groups listed." footer when settings.legend. On a
// terminal narrower than the table, INC, LAYER, ROLE and RESTARTS are left
// out in this order, as far as needed, and LAST-FAULT is cut.
std::string renderGroupList(const std::vector<GroupStatus>& groups, const OutputSettings& settings);

} // namespace pgmctl
