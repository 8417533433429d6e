#pragma once
// resources.d/NAME.resource: something groups need before they start, watched
// while they run.

#include "common/ini/config_error.hpp"
#include "core/model.hpp"
#include "common/ini/ini_file.hpp"

#include <string>

namespace pgmd {

// `name` is the file name without ".resource".
ResourceSpec readResourceFile(const pgm::IniDocument&, const std::string& name, pgm::ConfigErrors&);

} // namespace pgmd
