#pragma once
// The names of pgmd's bus interface that the library uses (org.pgmd1(5)):
// the shared ones, and the library's own.

#include "pgmd_bus_names.hpp"

namespace pgmd::client::busnames {

using namespace pgmd::busnames;

inline constexpr const char* kPropertiesInterface = "org.freedesktop.DBus.Properties";

// Errors the library raises itself; they never travel on the bus.
inline constexpr const char* kErrorNoGroupName = "org.pgmd1.client.Error.NoGroupName";
inline constexpr const char* kErrorUsage = "org.pgmd1.client.Error.Usage";

} // namespace pgmd::client::busnames
