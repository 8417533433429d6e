#pragma once
// Names pgmd uses on the bus. They are its public interface: never renamed.

namespace pgmd::busnames {

inline constexpr const char* kService = "org.pgmd1";
inline constexpr const char* kManagerPath = "/org/pgmd1";
// Group objects live below this, one path element per group (escaped).
inline constexpr const char* kGroupPathPrefix = "/org/pgmd1/group";

// One per OpError (bus_errors.cpp maps them), plus the interest limit.
inline constexpr const char* kErrorNoSuchGroup = "org.pgmd1.Error.NoSuchGroup";
inline constexpr const char* kErrorInvalidState = "org.pgmd1.Error.InvalidState";
inline constexpr const char* kErrorNotAvailable = "org.pgmd1.Error.NotAvailable";
inline constexpr const char* kErrorStaleIncarnation = "org.pgmd1.Error.StaleIncarnation";
inline constexpr const char* kErrorInvalidArgument = "org.pgmd1.Error.InvalidArgument";
inline constexpr const char* kErrorBadConfig = "org.pgmd1.Error.BadConfig";
inline constexpr const char* kErrorLimitsExceeded = "org.pgmd1.Error.LimitsExceeded";

inline constexpr const char* kErrorAccessDenied = "org.freedesktop.DBus.Error.AccessDenied";

// Operators who are not root: members of this system group (looked up by
// name on every call, so a group created after pgmd started counts).
inline constexpr const char* kDefaultAdminGroup = "pgmd-admin";

} // namespace pgmd::busnames
