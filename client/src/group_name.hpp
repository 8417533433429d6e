#pragma once
// Which group an Application belongs to, and where that group's object is.

#include <string>

namespace pgmd::client {

// `given` if not empty, else `environmentValue` (PGMD_GROUP; nullptr when
// unset) if not empty. Throws Error NoGroupName when both are empty.
std::string resolveGroupName(const std::string& given, const char* environmentValue);

// /org/pgmd1/group/<name escaped as sd_bus_path_encode does>.
std::string groupObjectPath(const std::string& name);

} // namespace pgmd::client
