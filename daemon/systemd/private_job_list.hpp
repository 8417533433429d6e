#pragma once
// ListJobs over systemd's private socket (/run/systemd/private, root only),
// as systemctl does when there is no bus. pgmd is stopped while the host
// goes down, and by then the bus daemon may have been stopped before it;
// systemd keeps the private socket to the end.

#include "queued_jobs.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace pgmd {

inline constexpr const char* kSystemdPrivateSocket = "unix:path=/run/systemd/private";

// Throws std::system_error naming the step that failed (connect, call, reply).
std::vector<QueuedJob> listJobsOnPrivateSocket(std::chrono::microseconds timeout,
                                               const std::string& address = kSystemdPrivateSocket);

} // namespace pgmd
