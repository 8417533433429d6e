#include "daemon.hpp"

#include "bus_publisher.hpp"
#include "board_link_sink.hpp"
#include "cluster_coordinator.hpp"

#include "bus/bus_names.hpp"
#include "bus/bus_server.hpp"
#include "log/journal.hpp"
#include "persist/state_store.hpp"
#include "systemd/systemd_client.hpp"

#include <sdbus-c++/IConnection.h>

namespace pgmd {

Daemon::Daemon(Config config, std::string configDir, DaemonParts parts, std::optional<std::string> staleBecause)
    : loop_(parts.loop), apiBus_(parts.apiBus), clock_(parts.clock), bootIdentity_(std::move(parts.bootIdentity)),
      makeClusterLink_(std::move(parts.makeClusterLink)),
      config_(std::move(config), std::move(configDir), clock_.now(), std::move(staleBecause)),
      logLevel_(parts.logLevel, config_.get().manager), engine_(config_.get(), clock_), debugTrace_(executor_),
      systemd_(parts.makeSystemd(*this)),
      resources_(
          loop_, config_.get().resources,
          [this](const std::string& r, bool ok, const std::string& d) {
              log::debug("resource " + r + " checked: " + (ok ? "ok" : "failing") + (d.empty() ? "" : ": " + d));
              executor_.execute(engine_.onResourceChecked(r, ok, d));
          },
          [this](const std::string& r, bool ok, const std::string& d) {
              (ok ? log::info : log::warning)("resource " + r + ": " + d);
              executor_.execute(engine_.onResourceReinitDone(r, ok, d));
          }),
      engineTimer_(executor_, engine_, loop_), persistence_(executor_, engine_, loop_, parts.stateWriter),
      host_(executor_, config_, *systemd_, resources_, persistence_), view_(config_, engine_, *systemd_),
      reloader_(config_, engine_, *systemd_, resources_, executor_, loop_, clock_, reloadHooks()),
      commands_(engine_, executor_, reloader_)
{
}

Daemon::~Daemon() = default;

Reloader::Hooks Daemon::reloadHooks()
{
    return {
        [this](const ManagerSpec& next) {
            logLevel_.apply(next);
            if (icd_)
                icd_->onReload(next);
        },
        [this] {
            if (bus_) {
                bus_->syncGroups();
                bus_->syncResources();
            }
            if (cluster_)
                cluster_->reconfigured();
        },
    };
}

void Daemon::start()
{
    systemd_->subscribe();
    const std::vector<std::string> units = memberUnits(config_.get());
    systemd_->watch(units);
    if (systemd_->installDropIns(config_.get().groups))
        log::info("placed member units in their group slices (systemd reloaded)");
    const auto observed = systemd_->queryActivity(units);

    const ManagerSpec& manager = config_.get().manager;
    LoadedState saved = loadState(manager.stateDirectory);
    if (!saved.warning.empty())
        log::warning(saved.warning);
    engine_.restore(saved.state, bootIdentity_(*systemd_));
    // Whether restarts a previous pgmd counted have run (see Engine::boot).
    std::map<std::string, MonoTime> lastStarted;
    for (const auto& [unit, usec] : systemd_->lastStarted(engine_.restartsOutstanding()))
        lastStarted[unit] = MonoTime{static_cast<std::int64_t>(usec)};

    bus_ = std::make_unique<BusServer>(apiBus_, StateSource{view_, commands_, audit_});
    publisher_ = std::make_unique<BusPublisher>(executor_, *bus_, engine_, loop_);
    icd_ = BoardLinkSink::create(manager, loop_, apiBus_, clock_, executor_, audit_);
    if (icd_)
        icd_->start();
    // Before boot: the boot's actions are the first halves it reports.
    cluster_ = ClusterCoordinator::create(
        {config_, engine_, executor_, loop_, clock_, apiBus_, *bus_, audit_}, makeClusterLink_);
    if (cluster_) {
        if (icd_)
            cluster_->attachBoard(*icd_);
        view_.showPairs([c = cluster_.get()](const std::string& group) { return c->pairOf(group); });
        cluster_->start();
    }
    apiBus_.requestName(busnames::kService);
    executor_.execute(engine_.boot(observed, lastStarted));
}

void Daemon::stopIndependentComputer()
{
    if (!icd_)
        return;
    // systemctl reboot (or kexec) stops pgmd on the way; poweroff, halt and
    // a plain stop do not queue these jobs.
    bool rebootJobQueued = false;
    try {
        rebootJobQueued = systemd_->rebootJobQueued();
    } catch (const std::exception& e) {
        log::warning(std::string("cannot ask systemd whether the host is rebooting: ") + e.what() +
                     "; only a reboot of pgmd's own escalation ladder counts as one");
    }
    icd_->stop(rebootJobQueued);
}

void Daemon::saveNow()
{
    persistence_.saveNow();
}

// ---- events in ----------------------------------------------------------------

void Daemon::onUnitChanged(const std::string& unit, UnitActivity activity, const std::string& detail)
{
    log::debug("systemd: " + unit + " is " + toString(activity) + (detail.empty() ? "" : " (" + detail + ")"));
    Actions actions = engine_.onUnitChanged(unit, activity, detail);
    // Announced even when the engine expected the change (a restart it asked
    // for) and says nothing.
    announceMembers(unit, actions);
    executor_.execute(std::move(actions));
}

void Daemon::onJobFinished(const std::string& unit, JobKind kind, const std::string& result)
{
    log::debug("systemd: " + std::string(toString(kind)) + " job of " + unit + " finished: " + result);
    executor_.execute(engine_.onJobFinished(unit, kind, result));
}

// systemd's job signals do not say who asked for a job; the job id ties this
// entry to systemd's own ("Stopping ...") and to the caller's audit trail.
void Daemon::onOutsideJob(const std::string& unit, std::uint32_t jobId)
{
    log::info(unit + ": systemd job " + std::to_string(jobId) +
              " was not started by pgmd (an operator's systemctl?); its outcome is not counted as a fault");
    executor_.execute(engine_.onOutsideJob(unit, jobId));
}

void Daemon::onOutsideJobFinished(const std::string& unit, std::uint32_t jobId, const std::string& result,
                                  UnitActivity activity)
{
    log::info(unit + ": systemd job " + std::to_string(jobId) + " (not pgmd's) ended " + result + ", unit " +
              toString(activity));
    executor_.execute(engine_.onOutsideJobFinished(unit, jobId, result, activity));
}

void Daemon::onUnitDetailsChanged(const std::string& unit)
{
    Actions actions;
    announceMembers(unit, actions);
    executor_.execute(std::move(actions));
}

// A member's ActiveState, SubState and main PID are shown on its group's
// object (Members).
void Daemon::announceMembers(const std::string& unit, Actions& out) const
{
    if (const GroupSpec* g = groupOfUnit(config_.get(), unit))
        out.push_back(GroupUpdated{g->name});
}

void Daemon::onSystemdError(const std::string& what)
{
    log::warning("systemd: " + what);
}

void Daemon::onRebootRefused(const std::string& why)
{
    log::error("systemd refused to reboot the host: " + why);
    executor_.execute(engine_.onRebootFailed(why));
}

} // namespace pgmd
