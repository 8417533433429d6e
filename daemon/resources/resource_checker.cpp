#include "resource_checker.hpp"

#include "probes.hpp"

#include <fstream>
#include <sstream>

namespace pgmd {

namespace {

std::string readMountInfo()
{
    std::ifstream in("/proc/self/mountinfo");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

ResourceChecker::ResourceChecker(pgm::EventLoop& loop, const std::vector<ResourceSpec>& resources, Report onChecked,
                                 Report onReinitDone)
    : loop_(loop), resources_(&resources), onChecked_(std::move(onChecked)),
      onReinitDone_(std::move(onReinitDone)), runner_(loop.get()), probes_(loop.get())
{
}

const ResourceSpec* ResourceChecker::find(const std::string& name) const
{
    for (const ResourceSpec& r : *resources_)
        if (r.name == name)
            return &r;
    return nullptr;
}

// Reports are deferred so that callers never see their own callback re-enter them.
void ResourceChecker::later(Report& report, const std::string& name, bool ok, const std::string& detail)
{
    loop_.defer([&report, name, ok, detail] { report(name, ok, detail); });
}

void ResourceChecker::check(const std::string& name)
{
    const ResourceSpec* r = find(name);
    if (!r) {
        later(onChecked_, name, false, "unknown resource");
        return;
    }
    // Copies: the thread may outlive a reload of the configuration.
    ProbeThreads::Probe probe;
    switch (r->kind) {
    case ResourceKind::Path: probe = [path = r->path] { return probePath(path); }; break;
    case ResourceKind::Mount: probe = [path = r->path] { return probeMount(path, readMountInfo()); }; break;
    case ResourceKind::FreeSpace:
        probe = [path = r->path, min = r->minFreeBytes] { return probeFreeSpace(path, min); };
        break;
    case ResourceKind::Command:
        runner_.run(r->command, r->commandTimeout, [this, name](const pgm::CommandResult& result) {
            onChecked_(name, result.succeeded(), "check command: " + result.detail);
        });
        return;
    }
    probes_.run(name, std::move(probe), r->commandTimeout,
                [this, name](const ProbeResult& result) { onChecked_(name, result.healthy, result.detail); });
}

void ResourceChecker::reinit(const std::string& name)
{
    const ResourceSpec* r = find(name);
    if (!r || r->reinit.empty()) {
        later(onReinitDone_, name, false, "no Reinit= command");
        return;
    }
    runner_.run(r->reinit, r->commandTimeout, [this, name](const pgm::CommandResult& result) {
        onReinitDone_(name, result.succeeded(), "reinit command: " + result.detail);
    });
}

} // namespace pgmd
