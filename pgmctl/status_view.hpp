#pragma once
// `pgmctl status`: the long form of one group, or of pgmd itself.

#include "group_status.hpp"
#include "output_settings.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pgmctl {

// The header line, the fields, the members and the recent escalation steps.
std::string renderGroupStatus(const GroupStatus& group, std::uint64_t nowUsec, const OutputSettings& settings);

// pgmd's node, version, configuration and host-wide counters, then one line
// per group (in the order given).
std::string renderManagerStatus(const ManagerStatus& manager, const std::vector<GroupStatus>& groups,
                                std::uint64_t nowUsec, const OutputSettings& settings);

} // namespace pgmctl
