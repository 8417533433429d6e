#pragma once
// Which systemd unit a process belongs to, from its cgroup v2 path. pgmd uses
// it to let a group's own processes call Acknowledge and ReportFault.

#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace pgmd {

// The unit named by the text of /proc/<pid>/cgroup: on the cgroup v2 line
// ("0::/..."), the first path component that is not a slice, as systemd
// itself reads it. Anything below that component belongs to the unit (a
// delegated sub-cgroup cannot name itself after another unit). Empty when
// there is no v2 line or the process sits outside any unit.
std::optional<std::string> unitOfCgroupFile(std::string_view procCgroup);

// The same for a running process; empty if it is gone or unreadable. A pid
// from bus credentials can be reused once its process exits: callers accept
// that window (the bus offers no pidfd before dbus 1.15).
std::optional<std::string> unitOfProcess(pid_t pid);

} // namespace pgmd
