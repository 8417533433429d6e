#pragma once

#include <string>

namespace pgmd {

// The object path of a group: its name escaped as sd_bus_path_encode does, so
// any name (dashes, dots, non-ASCII) gives a valid path and decodes back.
std::string groupObjectPath(const std::string& name);

} // namespace pgmd
