#pragma once
// --json output. Field names are the D-Bus property names in snake_case
// ("ProcessRestartIntervalUSec" is "process_restart_interval_usec"); times
// and spans stay microseconds, as on the bus. Fields are only ever added.

#include "cluster_status.hpp"
#include "group_status.hpp"
#include "icd_status.hpp"
#include "output_settings.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace pgmctl {

// Fields keep the order they are written in: related ones stay together.
using Json = nlohmann::ordered_json;

Json groupJson(const GroupStatus& group);
Json managerJson(const ManagerStatus& manager);
// Every counter, zero or not: scripts need not know which ones exist.
Json icdJson(const IcdStatus& icd);
// Every record of org.pgmd1.Cluster; a link also names its node ("" when
// pgmd knows no node of that id).
Json clusterJson(const ClusterStatus& cluster);

// One line for JsonMode::Short, indented for Pretty; ends in a newline.
// Bytes that are not UTF-8 are replaced rather than refused.
std::string renderJson(const Json& value, JsonMode mode);

} // namespace pgmctl
