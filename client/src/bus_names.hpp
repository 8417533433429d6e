#pragma once
// The names of pgmd's bus interface that the library uses (org.pgmd1(5)).

namespace pgmd::client::busnames {

inline constexpr const char* kService = "org.pgmd1";
inline constexpr const char* kManagerPath = "/org/pgmd1";
inline constexpr const char* kManagerInterface = "org.pgmd1.Manager";
inline constexpr const char* kGroupPathPrefix = "/org/pgmd1/group";
inline constexpr const char* kGroupInterface = "org.pgmd1.Group";
inline constexpr const char* kPropertiesInterface = "org.freedesktop.DBus.Properties";

// The variable pgmd sets in the environment of every member unit it starts.
inline constexpr const char* kGroupEnvironmentVariable = "PGMD_GROUP";

// Errors the library raises itself; they never travel on the bus.
inline constexpr const char* kErrorNoGroupName = "org.pgmd1.client.Error.NoGroupName";
inline constexpr const char* kErrorUsage = "org.pgmd1.client.Error.Usage";

} // namespace pgmd::client::busnames
