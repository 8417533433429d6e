#pragma once
// Carries out the engine's CheckResource and ReinitResource actions and reports
// back asynchronously (never from inside the call). No check blocks the loop:
// commands are children, filesystem probes run on threads (probe_thread.hpp);
// both are failures once their timeout (TimeoutSec=) has passed.

#include "common/process/command_runner.hpp"
#include "probe_thread.hpp"
#include "core/model.hpp"
#include "common/loop/event_loop.hpp"

#include <functional>
#include <string>
#include <vector>

namespace pgmd {

class ResourceChecker {
public:
    using Report = std::function<void(const std::string& resource, bool ok, const std::string& detail)>;

    ResourceChecker(pgm::EventLoop& loop, const std::vector<ResourceSpec>& resources, Report onChecked,
                    Report onReinitDone);

    // A reloaded configuration; the vector must outlive the checker. Checks
    // under way report by name as before.
    void setResources(const std::vector<ResourceSpec>& resources) { resources_ = &resources; }

    void check(const std::string& resource);
    void reinit(const std::string& resource);

private:
    const ResourceSpec* find(const std::string& name) const;
    void later(Report& report, const std::string& name, bool ok, const std::string& detail);

    pgm::EventLoop& loop_;
    const std::vector<ResourceSpec>* resources_;
    Report onChecked_;
    Report onReinitDone_;
    pgm::CommandRunner runner_;
    ProbeThreads probes_;  // path, mount and free-space checks: off the loop
};

} // namespace pgmd
