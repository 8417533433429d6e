#pragma once
// pgmd.conf: the manager's own settings and the per-layer recovery defaults.

#include "common/ini/config_error.hpp"
#include "core/model.hpp"
#include "common/ini/ini_file.hpp"

namespace pgmd {

// What applies without a pgmd.conf: every layer has its built-in policy.
ManagerSpec defaultManagerSpec();

// Applies the file's settings on top of `manager`.
void readManagerFile(const pgm::IniDocument&, ManagerSpec& manager, pgm::ConfigErrors&);

} // namespace pgmd
