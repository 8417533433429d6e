#pragma once
// `pgmctl list-resources` and `pgmctl status RESOURCE`: the table, the long
// form, and their JSON.

#include "json_output.hpp"
#include "output_settings.hpp"
#include "resource_status.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pgmctl {

// By name.
void sortResourcesForDisplay(std::vector<ResourceStatus>& resources);

// RESOURCE, KIND, STATE, LAST-CHECK (its age), REINITS, USED-BY, and the
// "N resources listed." footer when settings.legend.
std::string renderResourceList(const std::vector<ResourceStatus>& resources, std::uint64_t nowUsec,
                               const OutputSettings& settings);

// The header line and the fields, as `status GROUP` shows a group.
std::string renderResourceStatus(const ResourceStatus& resource, std::uint64_t nowUsec,
                                 const OutputSettings& settings);

// Field names as the properties' in snake_case (see json_output.hpp).
Json resourceJson(const ResourceStatus& resource);

} // namespace pgmctl
