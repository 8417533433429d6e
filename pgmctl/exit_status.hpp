#pragma once
// pgmctl's exit statuses, chosen to match systemctl's where the meaning is
// the same, so that scripts written for one read the other.

namespace pgmctl {

inline constexpr int kExitSuccess = 0;
// A refused operation, pgmd not running, any other failure.
inline constexpr int kExitFailure = 1;
// Unknown command or option, wrong number of arguments.
inline constexpr int kExitUsage = 2;
// `status GROUP` of a group that is neither active nor standby; `key` of such
// a group (systemctl status: "program is not running").
inline constexpr int kExitNotRunning = 3;
// The group does not exist (systemctl status: "no such unit").
inline constexpr int kExitNoSuchGroup = 4;

} // namespace pgmctl
