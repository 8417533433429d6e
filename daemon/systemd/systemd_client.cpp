#include "systemd_client.hpp"

#include "private_job_list.hpp"
#include "systemd_names.hpp"
#include "transient_unit.hpp"

#include <chrono>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <system_error>

#include <sdbus-c++/sdbus-c++.h>
#include <systemd/sd-bus.h>

namespace pgmd {
namespace {

const char* jobMethod(JobKind kind)
{
    switch (kind) {
    case JobKind::Start: return "StartUnit";
    case JobKind::Restart: return "RestartUnit";
    case JobKind::Stop: return "StopUnit";
    }
    return "?";
}

// The unit a signal under /org/freedesktop/systemd1/unit/ is about; empty
// for other paths.
std::string unitOfPath(const std::string& path)
{
    char* name = nullptr;
    if (sd_bus_path_decode(path.c_str(), systemd::unitPathPrefix, &name) <= 0)
        return {};
    std::string unit(name);
    std::free(name);
    return unit;
}

// Listener calls run inside sd-bus's C dispatch, which an exception cannot
// cross; one escaping means the daemon's state is no longer known.
template <typename F>
void notify(F&& call) noexcept
{
    call();
}

} // namespace

SystemdClient::SystemdClient(sdbus::IConnection& systemBus, SystemdListener& listener,
                             std::string runtimeUnitDirectory)
    : bus_(systemBus),
      listener_(listener),
      unitFiles_(std::move(runtimeUnitDirectory)),
      manager_(sdbus::createProxy(systemBus, systemd::service, systemd::managerPath))
{
}

SystemdClient::~SystemdClient() = default;

void SystemdClient::subscribe()
{
    // Before Subscribe, so no change slips between the two.
    unitSignals_ = bus_.addMatch(systemd::unitPropertiesMatch,
                                 [this](sdbus::Message& message) { onPropertiesChanged(message); });
    manager_->uponSignal("JobRemoved")
        .onInterface(systemd::managerInterface)
        .call([this](std::uint32_t, const sdbus::ObjectPath& job, const std::string&, const std::string& result) {
            onJobRemoved(job, result);
        });
    manager_->finishRegistration();
    // systemd sends unit and job signals on the system bus only while
    // someone is subscribed; it drops the subscription when we disconnect.
    manager_->callMethod("Subscribe").onInterface(systemd::managerInterface);
}

void SystemdClient::watch(const std::vector<std::string>& units)
{
    watched_ = {units.begin(), units.end()};
    std::erase_if(status_, [&](const auto& s) { return !watched_.contains(s.first); });
}

const UnitStatus* SystemdClient::status(const std::string& unit) const
{
    auto it = status_.find(unit);
    return it == status_.end() ? nullptr : &it->second;
}

std::unique_ptr<sdbus::IProxy> SystemdClient::unitProxy(const std::string& unit)
{
    sdbus::ObjectPath path;
    manager_->callMethod("LoadUnit").onInterface(systemd::managerInterface).withArguments(unit).storeResultsTo(path);
    return sdbus::createProxy(bus_, systemd::service, path);
}

SystemdClient::UnitInfo SystemdClient::inspect(const std::string& unit)
{
    auto proxy = unitProxy(unit);
    UnitInfo info;
    info.loadState = proxy->getProperty("LoadState").onInterface(systemd::unitInterface).get<std::string>();
    info.activeState = proxy->getProperty("ActiveState").onInterface(systemd::unitInterface).get<std::string>();
    return info;
}

std::map<std::string, SystemdClient::UnitInfo> SystemdClient::listUnits(const std::vector<std::string>& units)
{
    // One call for all units (it loads them, like LoadUnit); a unit listed
    // under another name (an alias) is missing from the result.
    using ListedUnit = sdbus::Struct<std::string, std::string, std::string, std::string, std::string, std::string,
                                     sdbus::ObjectPath, std::uint32_t, std::string, sdbus::ObjectPath>;
    std::map<std::string, UnitInfo> found;
    try {
        std::vector<ListedUnit> listed;
        manager_->callMethod("ListUnitsByNames").onInterface(systemd::managerInterface).withArguments(units)
            .storeResultsTo(listed);
        for (const auto& u : listed)
            found[std::get<0>(u)] = UnitInfo{std::get<2>(u), std::get<3>(u), std::get<4>(u)};
    } catch (const sdbus::Error& e) {
        notify([&] { listener_.onSystemdError(std::string("ListUnitsByNames: ") + e.what()); });
    }
    return found;
}

std::map<std::string, UnitActivity> SystemdClient::queryActivity(const std::vector<std::string>& units)
{
    const std::map<std::string, UnitInfo> listed = listUnits(units);
    std::map<std::string, UnitActivity> result;
    for (const auto& unit : units) {
        auto it = listed.find(unit);
        std::string state, subState;
        if (it != listed.end()) {
            state = it->second.activeState;
            subState = it->second.subState;
        } else {
            try {
                state = inspect(unit).activeState;
            } catch (const sdbus::Error& e) {
                notify([&] { listener_.onSystemdError("cannot query " + unit + ": " + e.what()); });
            }
        }
        result[unit] = unitActivityFromString(state);
        // Later signals are reported only if they change this.
        if (!state.empty() && watched_.contains(unit)) {
            status_[unit].activeState = state;
            status_[unit].subState = subState;
        }
    }
    return result;
}

std::map<std::string, std::optional<bool>> SystemdClient::unitsExist(const std::vector<std::string>& units)
{
    const std::map<std::string, UnitInfo> listed = listUnits(units);
    std::map<std::string, std::optional<bool>> result;
    for (const auto& unit : units) {
        auto it = listed.find(unit);
        result[unit] = it != listed.end() ? std::optional<bool>(it->second.loadState != "not-found") : unitExists(unit);
    }
    return result;
}

std::map<std::string, std::uint64_t> SystemdClient::lastStarted(const std::vector<std::string>& units)
{
    std::map<std::string, std::uint64_t> result;
    for (const std::string& unit : units) {
        try {
            const auto usec = unitProxy(unit)->getProperty("InactiveExitTimestampMonotonic")
                                  .onInterface(systemd::unitInterface)
                                  .get<std::uint64_t>();
            if (usec > 0)
                result[unit] = usec;
        } catch (const sdbus::Error& e) {
            notify([&] { listener_.onSystemdError("cannot ask when " + unit + " last started: " + e.what()); });
        }
    }
    return result;
}

std::uint64_t SystemdClient::managerStartTime()
{
    return manager_->getProperty("UserspaceTimestamp").onInterface(systemd::managerInterface).get<std::uint64_t>();
}

std::optional<bool> SystemdClient::unitExists(const std::string& unit)
{
    try {
        return inspect(unit).loadState != "not-found";
    } catch (const sdbus::Error& e) {
        // systemd rejects a malformed name: no such unit can exist.
        if (e.getName() == systemd::invalidArgsError)
            return false;
        return std::nullopt;
    }
}

void SystemdClient::resetFailed(const std::string& unit)
{
    // Sent just before the job on the same connection; systemd handles a
    // connection's calls in order, so the job need not wait for this reply.
    calls_.submit([this, unit] {
        try {
            manager_->callMethodAsync("ResetFailedUnit")
                .onInterface(systemd::managerInterface)
                .withArguments(unit)
                .uponReplyInvoke([this, unit](const sdbus::Error* error) {
                    calls_.release();
                    // A unit that is not loaded has nothing to reset.
                    if (error && error->getName() != systemd::noSuchUnitError)
                        notify([&] { listener_.onSystemdError("reset-failed " + unit + ": " + error->what()); });
                });
            return true;
        } catch (const sdbus::Error& e) {
            notify([&] { listener_.onSystemdError("reset-failed " + unit + ": " + e.what()); });
            return false;
        }
    });
}

void SystemdClient::queueJob(JobKind kind, const std::string& unit, bool resetFirst)
{
    jobSlots_.submit([this, kind, unit, resetFirst] {
        if (resetFirst)
            resetFailed(unit);
        sendJob(kind, unit);
        return true;
    });
}

void SystemdClient::sendJob(JobKind kind, const std::string& unit, std::function<bool()> ifUnloaded)
{
    calls_.submit([this, kind, unit, ifUnloaded = std::move(ifUnloaded)] {
        auto ticket = jobs_.callSent();
        try {
            manager_->callMethodAsync(jobMethod(kind))
                .onInterface(systemd::managerInterface)
                .withArguments(unit, std::string("replace"))
                .uponReplyInvoke([this, ticket, unit, kind, ifUnloaded](const sdbus::Error* error,
                                                                        const sdbus::ObjectPath& job) {
                    calls_.release();
                    if (error && error->getName() == systemd::noSuchUnitError && ifUnloaded && ifUnloaded()) {
                        jobs_.callFailed(ticket);
                        return;
                    }
                    jobReply(ticket, unit, kind, error, job);
                });
            return true;
        } catch (const sdbus::Error& e) {
            jobs_.callFailed(ticket);
            jobFailed(unit, kind, std::string(jobMethod(kind)) + " " + unit + ": " + e.what());
            return false;
        }
    });
}

void SystemdClient::jobReply(JobTracker::Ticket ticket, const std::string& unit, JobKind kind,
                             const sdbus::Error* error, const std::string& jobPath)
{
    if (error) {
        jobs_.callFailed(ticket);
        jobFailed(unit, kind, std::string(jobMethod(kind)) + " " + unit + ": " + error->what());
        return;
    }
    if (auto finished = jobs_.callSucceeded(ticket, unit, kind, jobPath))
        jobFinished(*finished);
}

void SystemdClient::jobFinished(const FinishedJob& job)
{
    jobSlots_.release();
    notify([&] { listener_.onJobFinished(job.unit, job.kind, job.result); });
}

void SystemdClient::jobFailed(const std::string& unit, JobKind kind, const std::string& what)
{
    notify([&] { listener_.onSystemdError(what); });
    jobFinished({unit, kind, "failed"});
}

void SystemdClient::startUnit(const std::string& unit)
{
    queueJob(JobKind::Start, unit, true);
}

void SystemdClient::resetFailedUnit(const std::string& unit)
{
    jobSlots_.submit([this, unit] {
        resetFailed(unit);
        return false;
    });
}

void SystemdClient::restartUnit(const std::string& unit)
{
    queueJob(JobKind::Restart, unit, true);
}

void SystemdClient::stopUnit(const std::string& unit)
{
    queueJob(JobKind::Stop, unit, false);
}

void SystemdClient::startTransient(const MemberSpec& member, const std::string& slice, JobKind kind)
{
    if (kind == JobKind::Stop) {
        stopUnit(member.name);
        return;
    }
    jobSlots_.submit([this, member, slice, kind] {
        sendTransient(member, slice, kind);
        return true;
    });
}

void SystemdClient::sendTransient(const MemberSpec& member, const std::string& slice, JobKind kind,
                                  unsigned attempt)
{
    calls_.submit([this, member, slice, kind, attempt] {
        const std::string& unit = member.name;
        auto ticket = jobs_.callSent();
        try {
            using AuxUnit = sdbus::Struct<std::string, std::vector<UnitProperty>>;
            manager_->callMethodAsync("StartTransientUnit")
                .onInterface(systemd::managerInterface)
                .withArguments(unit, std::string("replace"), transientUnitProperties(member, slice),
                               std::vector<AuxUnit>{})
                .uponReplyInvoke([this, ticket, unit, kind, member, slice, attempt](const sdbus::Error* error,
                                                                                   const sdbus::ObjectPath& job) {
                    calls_.release();
                    if (error && error->getName() == systemd::unitExistsError) {
                        // Still loaded from an earlier run: use it as it is,
                        // in the job slot this call already holds. Resetting
                        // a failed transient unit lets systemd collect it
                        // before the job arrives; then create it afresh.
                        jobs_.callFailed(ticket);
                        resetFailed(unit);
                        sendJob(kind, unit, [this, member, slice, kind, attempt] {
                            if (attempt + 1 < kTransientAttempts) {
                                sendTransient(member, slice, kind, attempt + 1);
                                return true;
                            }
                            return false;
                        });
                        return;
                    }
                    jobReply(ticket, unit, kind, error, job);
                });
            return true;
        } catch (const std::exception& e) {
            jobs_.callFailed(ticket);
            jobFailed(unit, kind, "StartTransientUnit " + unit + ": " + e.what());
            return false;
        }
    });
}

bool SystemdClient::installDropIns(const std::vector<GroupSpec>& groups)
{
    if (!unitFiles_.apply(groups))
        return false;
    manager_->callMethod("Reload").onInterface(systemd::managerInterface);
    return true;
}

void SystemdClient::reboot()
{
    auto report = [this](const std::string& what) {
        notify([&] { listener_.onRebootRefused(what); });
    };
    // Ahead of any queued call: nothing else matters any more.
    calls_.submit(
        [this, report] {
            try {
                manager_->callMethodAsync("StartUnit")
                    .onInterface(systemd::managerInterface)
                    .withArguments(std::string("reboot.target"), std::string("replace-irreversibly"))
                    .uponReplyInvoke([this, report](const sdbus::Error* error, const sdbus::ObjectPath&) {
                        calls_.release();
                        if (error)
                            report(error->what());
                    });
                return true;
            } catch (const sdbus::Error& e) {
                report(e.what());
                return false;
            }
        },
        true);
}

bool SystemdClient::rebootJobQueued()
{
    // Asked while pgmd is being stopped: a shutdown must not wait on a bus
    // that went quiet for sd-bus's default 25 seconds.
    constexpr std::chrono::microseconds kTimeout = std::chrono::seconds(5);
    using ListedJob = sdbus::Struct<std::uint32_t, std::string, std::string, std::string, sdbus::ObjectPath,
                                    sdbus::ObjectPath>;
    std::vector<ListedJob> listed;
    try {
        manager_->callMethod("ListJobs").onInterface(systemd::managerInterface).withTimeout(kTimeout)
            .storeResultsTo(listed);
    } catch (const sdbus::Error& busError) {
        // Going down, the bus daemon may stop before pgmd does.
        try {
            return rebootQueued(listJobsOnPrivateSocket(kTimeout));
        } catch (const std::system_error& socketError) {
            throw std::runtime_error(std::string("ListJobs: ") + busError.what() + "; " + socketError.what());
        }
    }
    std::vector<QueuedJob> jobs;
    for (const auto& job : listed)
        jobs.push_back({std::get<1>(job), std::get<2>(job)});
    return rebootQueued(jobs);
}

void SystemdClient::onPropertiesChanged(sdbus::Message& message)
{
    std::string unit = unitOfPath(message.getPath());
    if (unit.empty() || !watched_.contains(unit))
        return;
    std::string interface;
    std::map<std::string, sdbus::Variant> changed;
    try {
        message >> interface >> changed;
    } catch (const sdbus::Error& e) {
        notify([&] { listener_.onSystemdError("unreadable PropertiesChanged for " + unit + ": " + e.what()); });
        return;
    }
    auto& status = status_[unit];
    const std::string subBefore = status.subState;
    const std::uint32_t pidBefore = status.mainPid;
    if (!applyChangedProperties(status, interface, changed)) {
        if (status.subState != subBefore || status.mainPid != pidBefore)
            notify([&] { listener_.onUnitDetailsChanged(unit); });
        return;
    }
    if (status.jobId && !jobs_.mayBeOurs(status.jobPath) &&
        outsideJobs_.emplace(status.jobPath, OutsideJob{unit, status.jobId}).second)
        notify([&] { listener_.onOutsideJob(unit, status.jobId); });
    auto activity = unitActivityFromString(status.activeState);
    auto detail = describe(status);
    notify([&] { listener_.onUnitChanged(unit, activity, detail); });
}

void SystemdClient::onJobRemoved(const std::string& jobPath, const std::string& result)
{
    for (const auto& job : jobs_.jobRemoved(jobPath, result))
        jobFinished(job);
    auto outside = outsideJobs_.find(jobPath);
    if (outside == outsideJobs_.end())
        return;
    const OutsideJob job = outside->second;
    outsideJobs_.erase(outside);
    // The unit's own change signals come before its job's (systemd orders them so).
    const UnitStatus* now = status(job.unit);
    const UnitActivity activity = unitActivityFromString(now ? now->activeState : "");
    notify([&] { listener_.onOutsideJobFinished(job.unit, job.id, result, activity); });
}

} // namespace pgmd
