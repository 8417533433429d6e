#pragma once
// Names pgmd uses on the bus: the public ones (shared with its clients), and
// what only the daemon needs.

#include "pgmd_bus_names.hpp"

namespace pgmd::busnames {

inline constexpr const char* kErrorAccessDenied = "org.freedesktop.DBus.Error.AccessDenied";

// Operators who are not root: members of this system group (looked up by
// name on every call, so a group created after pgmd started counts).
inline constexpr const char* kDefaultAdminGroup = "pgmd-admin";

} // namespace pgmd::busnames
