#pragma once
// resources.d/NAME.resource: something groups need before they start, watched
// while they run.

#include "config_error.hpp"
#include "core/model.hpp"
#include "ini_file.hpp"

#include <string>

namespace pgmd {

// `name` is the file name without ".resource".
ResourceSpec readResourceFile(const IniDocument&, const std::string& name, ConfigErrors&);

} // namespace pgmd
