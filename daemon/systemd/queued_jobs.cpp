#include "queued_jobs.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace pgmd {

namespace {

constexpr std::array<std::string_view, 2> kRebootTargets{"reboot.target", "kexec.target"};

bool startsRebootTarget(const QueuedJob& job)
{
    return job.type == "start" && std::find(kRebootTargets.begin(), kRebootTargets.end(), job.unit) != kRebootTargets.end();
}

} // namespace

bool rebootQueued(const std::vector<QueuedJob>& jobs)
{
    return std::any_of(jobs.begin(), jobs.end(), startsRebootTarget);
}

} // namespace pgmd
