#pragma once
// pgmd.conf: the manager's own settings and the per-layer recovery defaults.

#include "common/ini/config_error.hpp"
#include "core/model.hpp"
#include "common/ini/ini_file.hpp"

#include <optional>
#include <string>

namespace pgmd {

// What applies without a pgmd.conf: every layer has its built-in policy.
ManagerSpec defaultManagerSpec();

// Applies the file's settings on top of `manager`, and reads [Cluster] into
// `cluster` (left empty without the section). `hostName` is this node's name
// when NodeName= is empty.
void readManagerFile(const pgm::IniDocument&, ManagerSpec& manager, std::optional<ClusterSpec>& cluster,
                     const std::string& hostName, pgm::ConfigErrors&);

} // namespace pgmd
