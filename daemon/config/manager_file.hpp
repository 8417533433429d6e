#pragma once
// pgmd.conf: the manager's own settings and the per-layer recovery defaults.

#include "config_error.hpp"
#include "core/model.hpp"
#include "ini_file.hpp"

namespace pgmd {

// What applies without a pgmd.conf: every layer has its built-in policy.
ManagerSpec defaultManagerSpec();

// Applies the file's settings on top of `manager`.
void readManagerFile(const IniDocument&, ManagerSpec& manager, ConfigErrors&);

} // namespace pgmd
