#pragma once
// Names pgmd uses on the bus. They are its public interface: never renamed.

namespace pgmd::busnames {

inline constexpr const char* kService = "org.pgmd1";
inline constexpr const char* kManagerPath = "/org/pgmd1";
// Group objects live below this, one path element per group (escaped).
inline constexpr const char* kGroupPathPrefix = "/org/pgmd1/group";

inline constexpr const char* kErrorNoSuchGroup = "org.pgmd1.Error.NoSuchGroup";
inline constexpr const char* kErrorInvalidState = "org.pgmd1.Error.InvalidState";
inline constexpr const char* kErrorAccessDenied = "org.freedesktop.DBus.Error.AccessDenied";

} // namespace pgmd::busnames
