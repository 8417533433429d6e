#pragma once
// Which group an Application belongs to, and where that group's object is.

#include "pgmd_bus_names.hpp"

#include <string>

namespace pgmd::client {

// `given` if not empty, else `environmentValue` (PGMD_GROUP; nullptr when
// unset) if not empty. Throws Error NoGroupName when both are empty.
std::string resolveGroupName(const std::string& given, const char* environmentValue);

// /org/pgmd1/group/<name escaped as sd_bus_path_encode does>.
using pgmd::busnames::groupObjectPath;

} // namespace pgmd::client
