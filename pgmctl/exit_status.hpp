#pragma once
// pgmctl's exit statuses, chosen to match systemctl's where the meaning is
// the same, so that scripts written for one read the other.

namespace pgmctl {

inline constexpr int kExitSuccess = 0;
// A refused operation, pgmd not running, a group that failed while pgmctl
// waited for a command's result, any other failure.
inline constexpr int kExitFailure = 1;
// Unknown command or option, wrong number of arguments.
inline constexpr int kExitUsage = 2;
// `status GROUP` of a group that is neither active nor standby; `key` of such
// a group (systemctl status: "program is not running"); `icd` while the link
// to the independent computer is not up.
inline constexpr int kExitNotRunning = 3;
// The group does not exist (systemctl status: "no such unit").
inline constexpr int kExitNoSuchGroup = 4;
// pgmd runs without the part the command is about: `icd` and `power-cycle`
// when pgmd.conf has no [IndependentComputer], `cluster` and `switchover`
// when it has no [Cluster] (LSB and systemd: "program is not configured").
inline constexpr int kExitNotConfigured = 6;
// online, offline, restart, activate, deactivate: the group did not get where
// the command puts it within --timeout; timeout(1) exits with the same.
inline constexpr int kExitTimedOut = 124;
// The wait for the result was interrupted (SIGINT, SIGTERM); the request
// stands. 128 + SIGINT, as a shell reports a command ended by Ctrl-C.
inline constexpr int kExitInterrupted = 130;

} // namespace pgmctl
