#pragma once
// Reading systemd's job queue (Manager.ListJobs): is the host on its way to
// a reboot? Pure; SystemdClient::rebootJobQueued() makes the call.

#include <string>
#include <vector>

namespace pgmd {

// One entry of ListJobs: the unit and the job type ("start", "stop", ...).
struct QueuedJob {
    std::string unit;
    std::string type;
};

// True when a job starts a target that ends in a reboot: reboot.target, or
// kexec.target (a reboot into a new kernel without the firmware). Starting
// poweroff.target or halt.target is a shutdown, not a reboot.
bool rebootQueued(const std::vector<QueuedJob>& jobs);

} // namespace pgmd
