#pragma once
// Where pgmd is on the bus (see org.pgmd1(5) and dbus/*.xml).

namespace pgmctl::bus {

inline constexpr const char* kService = "org.pgmd1";
inline constexpr const char* kManagerPath = "/org/pgmd1";
inline constexpr const char* kGroupPathPrefix = "/org/pgmd1/group";
inline constexpr const char* kManagerInterface = "org.pgmd1.Manager";
inline constexpr const char* kGroupInterface = "org.pgmd1.Group";
// Present only when pgmd.conf has an [IndependentComputer] section.
inline constexpr const char* kIcdPath = "/org/pgmd1/icd";
inline constexpr const char* kIcdInterface = "org.pgmd1.IndependentComputer";

} // namespace pgmctl::bus
