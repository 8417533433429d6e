#include "daemon.hpp"

#include "checked_config.hpp"
#include "icd_wiring.hpp"
#include "startup_config.hpp"

#include "bus/bus_names.hpp"
#include "bus/bus_server.hpp"
#include "log/journal.hpp"
#include "persist/state_store.hpp"
#include "text/escape.hpp"

#include <cstddef>
#include <iterator>
#include <sdbus-c++/IConnection.h>
#include <systemd/sd-id128.h>

namespace pgmd {

namespace {

// Long enough to gather a burst of events (a group starting, a host
// re-initialising) into one save, short enough to lose little in a crash.
constexpr Duration kSaveDelay = std::chrono::milliseconds(200);
// Editors and tools write a configuration in several steps (a temporary file,
// a rename, the next file): wait for a burst of changes to settle before
// trying a stale configuration's files again.
constexpr Duration kRetryDelay = std::chrono::milliseconds(500);

template <class... Fs> struct Overloaded : Fs... {
    using Fs::operator()...;
};

std::vector<std::string> allMemberUnits(const Config& config)
{
    std::vector<std::string> units;
    for (const GroupSpec& g : config.groups)
        for (const MemberSpec& m : g.members)
            units.push_back(m.name);
    return units;
}

} // namespace

Daemon::Daemon(Config config, std::string configDir, EventLoop& loop, sdbus::IConnection& systemdBus,
               sdbus::IConnection& apiBus, std::optional<std::string> staleBecause)
    : config_(std::make_unique<Config>(std::move(config))), configDir_(std::move(configDir)),
      loop_(loop), apiBus_(apiBus), engine_(*config_, clock_),
      systemd_(systemdBus, *this),
      resources_(
          loop, config_->resources,
          [this](const std::string& r, bool ok, const std::string& d) { execute(engine_.onResourceChecked(r, ok, d)); },
          [this](const std::string& r, bool ok, const std::string& d) {
              (ok ? log::info : log::warning)("resource " + r + ": " + d);
              execute(engine_.onResourceReinitDone(r, ok, d));
          }),
      writer_(config_->manager.stateDirectory, [](const std::string& e) { log::error(e); }), saveTimer_(loop),
      retryTimer_(loop)
{
    if (staleBecause)
        markStale(std::move(*staleBecause));
    configLoadedAt_ = clock_.now();
}

Daemon::~Daemon() = default;

void Daemon::start()
{
    systemd_.subscribe();
    const std::vector<std::string> units = allMemberUnits(*config_);
    systemd_.watch(units);
    if (systemd_.installDropIns(config_->groups))
        log::info("placed member units in their group slices (systemd reloaded)");
    const auto observed = systemd_.queryActivity(units);

    LoadedState saved = loadState(config_->manager.stateDirectory);
    if (!saved.warning.empty())
        log::warning(saved.warning);
    engine_.restore(saved.state, bootIdentity());
    // Whether restarts a previous pgmd counted have run (see Engine::boot).
    std::map<std::string, MonoTime> lastStarted;
    for (const auto& [unit, usec] : systemd_.lastStarted(engine_.restartsOutstanding()))
        lastStarted[unit] = MonoTime{static_cast<std::int64_t>(usec)};

    bus_ = std::make_unique<BusServer>(apiBus_, *this);
    icd_ = IcdWiring::create(config_->manager, loop_, apiBus_, clock_);
    if (icd_)
        icd_->start();
    apiBus_.requestName(busnames::kService);
    execute(engine_.boot(observed, lastStarted));
}

std::string Daemon::bootIdentity()
{
    sd_id128_t boot;
    char text[SD_ID128_STRING_MAX];
    const int r = sd_id128_get_boot(&boot);
    return std::string(r < 0 ? "unknown" : sd_id128_to_string(boot, text)) + "@" +
           std::to_string(systemd_.managerStartTime());
}

void Daemon::stopIndependentComputer()
{
    if (!icd_)
        return;
    // systemctl reboot (or kexec) stops pgmd on the way; poweroff, halt and
    // a plain stop do not queue these jobs.
    bool rebootJobQueued = false;
    try {
        rebootJobQueued = systemd_.rebootJobQueued();
    } catch (const std::exception& e) {
        log::warning(std::string("cannot ask systemd whether the host is rebooting: ") + e.what() +
                     "; only a reboot of pgmd's own escalation ladder counts as one");
    }
    icd_->stop(rebootJobQueued);
}

void Daemon::saveNow()
{
    saveTimer_.cancel();
    writer_.saveNow(engine_.snapshot());
}

// ---- events in ----------------------------------------------------------------

void Daemon::onUnitChanged(const std::string& unit, UnitActivity activity, const std::string& detail)
{
    execute(engine_.onUnitChanged(unit, activity, detail));
}

void Daemon::onJobFinished(const std::string& unit, JobKind kind, const std::string& result)
{
    execute(engine_.onJobFinished(unit, kind, result));
}

// systemd's job signals do not say who asked for a job; the job id ties this
// entry to systemd's own ("Stopping ...") and to the caller's audit trail.
void Daemon::onOutsideJob(const std::string& unit, std::uint32_t jobId)
{
    log::info(unit + ": systemd job " + std::to_string(jobId) +
              " was not started by pgmd (an operator's systemctl?); its outcome is not counted as a fault");
    execute(engine_.onOutsideJob(unit, jobId));
}

void Daemon::onOutsideJobFinished(const std::string& unit, std::uint32_t jobId, const std::string& result,
                                  UnitActivity activity)
{
    log::info(unit + ": systemd job " + std::to_string(jobId) + " (not pgmd's) ended " + result + ", unit " +
              toString(activity));
    execute(engine_.onOutsideJobFinished(unit, jobId, result, activity));
}

void Daemon::onUnitDetailsChanged(const std::string& unit)
{
    for (const GroupSpec& g : config_->groups)
        for (const MemberSpec& m : g.members)
            if (m.name == unit) {
                execute({GroupUpdated{g.name}});
                return;
            }
}

void Daemon::onSystemdError(const std::string& what)
{
    log::warning("systemd: " + what);
}

void Daemon::onRebootRefused(const std::string& why)
{
    log::error("systemd refused to reboot the host: " + why);
    execute(engine_.onRebootFailed(why));
}

// ---- actions out --------------------------------------------------------------

// Actions are queued: an adapter may report back from inside a call, and the
// resulting actions must run after the ones already queued, in order.
void Daemon::execute(Actions actions)
{
    queue_.insert(queue_.end(), std::make_move_iterator(actions.begin()), std::make_move_iterator(actions.end()));
    // The engine moved on: a PersistNow among these saves a newer snapshot.
    persistedThisBatch_ = false;
    if (draining_)
        return;
    draining_ = true;
    while (!queue_.empty()) {
        Action a = std::move(queue_.front());
        queue_.pop_front();
        // One action that cannot be carried out (a signal the bus refuses, a
        // full disk) must not keep the others, or later events, from running.
        try {
            perform(a);
        } catch (const std::exception& e) {
            log::error(std::string("cannot carry out an action: ") + e.what());
        }
    }
    draining_ = false;
    try {
        afterBatch();
    } catch (const std::exception& e) {
        log::error(std::string("cannot publish changes: ") + e.what());
    }
}

std::optional<MemberSpec> Daemon::transientMember(const std::string& unit, std::string* slice) const
{
    for (const GroupSpec& g : config_->groups)
        for (const MemberSpec& m : g.members)
            if (m.name == unit && m.isTransient) {
                *slice = groupSlice(g);
                MemberSpec run = m;
                run.environment.push_back("PGMD_GROUP=" + g.name);
                return run;
            }
    return std::nullopt;
}

const char* Daemon::layerOf(const std::string& group) const
{
    const GroupRuntime* g = engine_.findGroup(group);
    return g ? toString(g->spec->layer) : "";
}

void Daemon::perform(const Action& action)
{
    std::string slice;
    std::visit(
        Overloaded{
            [&](const StartUnit& a) {
                if (auto m = transientMember(a.unit, &slice))
                    systemd_.startTransient(*m, slice, JobKind::Start);
                else
                    systemd_.startUnit(a.unit);
            },
            [&](const RestartUnit& a) {
                if (auto m = transientMember(a.unit, &slice))
                    systemd_.startTransient(*m, slice, JobKind::Restart);
                else
                    systemd_.restartUnit(a.unit);
            },
            [&](const StopUnit& a) { systemd_.stopUnit(a.unit); },
            [&](const CheckResource& a) { resources_.check(a.resource); },
            [&](const ReinitResource& a) { resources_.reinit(a.resource); },
            [&](const RebootHost& a) {
                // The reboot count must be on disk before the host goes down;
                // if it cannot be, rebooting is still better than not.
                try {
                    saveNow();
                } catch (const std::exception& e) {
                    log::error(std::string("cannot save state before rebooting: ") + e.what());
                }
                log::error("rebooting the host: " + a.reason);
                systemd_.reboot();
            },
            [&](const PersistNow&) {
                // One save per engine answer: its snapshot holds all of it.
                if (std::exchange(persistedThisBatch_, true))
                    return;
                try {
                    writer_.saveBeforeActing(engine_.snapshot());
                } catch (const std::exception& e) {
                    // Recovery goes on: a lost count beats no restart.
                    log::error(std::string("cannot save state before acting on a fault: ") + e.what());
                }
            },
            [&](const RequestPowerCycle& a) {
                if (icd_)
                    icd_->requestPowerCycle(a);
            },
            [&](const StateChanged& a) { publishStateChange(a); },
            [&](const RequestActivation& a) {
                log::info("group " + a.group + ": asking the application to become " + toString(a.state) +
                          " (incarnation " + std::to_string(a.incarnation) + ")");
                bus_->emitActivationRequested(a.group, toString(a.state), a.incarnation);
            },
            [&](const EscalationTaken& a) {
                log::escalation(a.group, layerOf(a.group), toString(a.step), a.reason);
                bus_->emitEscalationStep(a.group, toString(a.step), a.reason);
                if (icd_)
                    icd_->onEscalation(a);
            },
            [&](const GroupAdopted& a) {
                log::info("group " + a.group + " adopted in state " + toString(a.state) +
                          ": its members kept running while pgmd restarted");
                changedGroups_.insert(a.group);
            },
            [&](const GroupUpdated& a) { changedGroups_.insert(a.group); },
            [&](const ManagerUpdated&) { managerChanged_ = true; },
        },
        action);
}

// Interested clients learn of births and deaths with the group's key: a new
// incarnation is born when the group starts running, and it dies when the
// group stops running (a switch between standby and active is neither).
void Daemon::publishStateChange(const StateChanged& a)
{
    log::transition(a.group, layerOf(a.group), toString(a.from), toString(a.to), a.reason);
    bus_->emitGroupStateChanged(a.group, toString(a.from), toString(a.to), a.reason);
    changedGroups_.insert(a.group);
    if (!isRunning(a.from) && isRunning(a.to))
        bus_->notifyBorn(a.group, a.incarnation);
    else if (isRunning(a.from) && !isRunning(a.to))
        bus_->notifyDied(a.group, a.incarnation, a.reason);
}

// Once per burst of events: the engine's next deadline, one save, and one
// PropertiesChanged per object.
void Daemon::afterBatch()
{
    loop_.setDeadline(engine_.nextDeadline(), [this] { execute(engine_.onTimer()); });
    // Saved shortly after a burst, from one snapshot, written off the loop.
    if (engine_.takeDirty())
        saveTimer_.armIfIdle(kSaveDelay, [this] { writer_.submit(engine_.snapshot()); });
    std::set<std::string> changed;
    changed.swap(changedGroups_);
    for (const std::string& g : changed)
        bus_->groupChanged(g);
    if (std::exchange(managerChanged_, false))
        bus_->managerChanged();
}

// ---- the bus's view -------------------------------------------------------------

std::vector<std::string> Daemon::groupNames() const
{
    std::vector<std::string> names;
    for (const GroupSpec& g : config_->groups)
        names.push_back(g.name);
    return names;
}

namespace {

std::uint64_t usec(const std::optional<TimePoint>& t)
{
    return t && t->usec > 0 ? static_cast<std::uint64_t>(t->usec) : 0;
}

std::uint64_t usec(Duration d)
{
    return static_cast<std::uint64_t>(d.count());
}

// The bus speaks in state names; "active" and "standby" are the only ones an
// application may acknowledge.
std::optional<GroupState> runStateFromString(const std::string& s)
{
    auto state = groupStateFromString(s);
    return state && isRunning(*state) ? state : std::nullopt;
}

OpResult invalidArgument(std::string message)
{
    return {OpError::InvalidArgument, std::move(message)};
}

// Filler i fills field i: a field listed twice or out of place fails the build.
template <class Filler, std::size_t N> constexpr bool fillersInFieldOrder(const Filler (&fillers)[N])
{
    for (std::size_t i = 0; i < N; ++i)
        if (static_cast<std::size_t>(fillers[i].field) != i)
            return false;
    return true;
}

} // namespace

// One filler per GroupField, in the enum's order: a property read fills only
// its own field, and the full GroupInfo is every filler in turn. The lambdas
// live in a member function so that they may read the daemon's members.
std::optional<GroupInfo> Daemon::group(const std::string& name, GroupFields wanted) const
{
    const GroupRuntime* runtime = engine_.findGroup(name);
    if (!runtime)
        return std::nullopt;

    using Fill = void (*)(const Daemon&, const GroupRuntime&, GroupInfo&);
    struct Filler {
        GroupField field;
        Fill fill;
    };
    static constexpr Filler kFillers[] = {
        {GroupField::Name, [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.name = g.spec->name; }},
        {GroupField::Layer,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.layer = toString(g.spec->layer); }},
        {GroupField::State, [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.state = toString(g.state); }},
        {GroupField::Role, [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.role = toString(g.spec->role); }},
        {GroupField::Units,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) {
             for (const MemberSpec& m : g.spec->members)
                 i.units.push_back(m.name);
         }},
        {GroupField::Slice, [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.slice = groupSlice(*g.spec); }},
        {GroupField::DependsOn,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.dependsOn = g.spec->dependsOn; }},
        {GroupField::Resources,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.resources = g.spec->resources; }},
        {GroupField::ProcessRestarts,
         [](const Daemon& d, const GroupRuntime& g, GroupInfo& i) {
             i.processRestarts = d.engine_.processRestartsInWindow(g);
         }},
        {GroupField::ProcessRestartBurst,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) {
             i.processRestartBurst = g.spec->processRestarts.burst;
         }},
        {GroupField::GroupRestarts,
         [](const Daemon& d, const GroupRuntime& g, GroupInfo& i) {
             i.groupRestarts = d.engine_.groupRestartsInWindow(g);
         }},
        {GroupField::GroupRestartBurst,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.groupRestartBurst = g.spec->groupRestarts.burst; }},
        {GroupField::LastFault, [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.lastFault = g.lastFault; }},
        {GroupField::Incarnation,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.incarnation = g.incarnation; }},
        {GroupField::Held, [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.held = g.held; }},
        {GroupField::HoldReason,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.holdReason = g.holdReason; }},
        {GroupField::Description,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.description = g.spec->description; }},
        {GroupField::Members,
         [](const Daemon& d, const GroupRuntime& g, GroupInfo& i) {
             for (const MemberSpec& m : g.spec->members) {
                 MemberInfo mi{m.name, "unknown", "", 0};
                 if (const UnitStatus* st = d.systemd_.status(m.name)) {
                     mi.activeState = st->activeState.empty() ? "unknown" : st->activeState;
                     mi.subState = st->subState;
                     mi.mainPid = st->mainPid;
                 }
                 i.members.push_back(std::move(mi));
             }
         }},
        {GroupField::ProcessRestartInterval,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) {
             i.processRestartIntervalUsec = usec(g.spec->processRestarts.interval);
         }},
        {GroupField::GroupRestartInterval,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) {
             i.groupRestartIntervalUsec = usec(g.spec->groupRestarts.interval);
         }},
        {GroupField::ActivationTimeout,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) {
             i.activationTimeoutUsec = usec(g.spec->activationTimeout);
         }},
        {GroupField::Handshake,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.handshake = toString(g.spec->handshake); }},
        {GroupField::Standby,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.standby = toString(g.spec->standby); }},
        // "" and 0 while no acknowledgement is awaited.
        {GroupField::RequestedState,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) {
             if (g.requested)
                 i.requestedState = toString(*g.requested);
         }},
        {GroupField::RequestedIncarnation,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) {
             if (g.requested)
                 i.requestedIncarnation = g.incarnation;
         }},
        {GroupField::StateChangeTimestamp,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.stateChangeTimestampUsec = usec(g.stateSince); }},
        {GroupField::LastFaultTimestamp,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) { i.lastFaultTimestampUsec = usec(g.lastFaultAt); }},
        {GroupField::RecentSteps,
         [](const Daemon&, const GroupRuntime& g, GroupInfo& i) {
             for (const StepRecord& r : g.recentSteps)
                 i.recentSteps.push_back(StepInfo{usec(r.at), toString(r.step), r.reason});
         }},
    };
    static_assert(std::size(kFillers) == kGroupFieldCount, "every GroupField needs its filler");
    static_assert(fillersInFieldOrder(kFillers), "kFillers must list the fields in GroupField's order");

    GroupInfo info;
    for (const Filler& f : kFillers)
        if (wanted.has(f.field))
            f.fill(*this, *runtime, info);
    return info;
}

ManagerInfo Daemon::manager() const
{
    ManagerInfo info;
    info.nodeName = config_->manager.nodeName;
    info.version = PGMD_VERSION;
    info.configDirectory = configDir_;
    info.configLoadedTimestampUsec = usec(configLoadedAt_);
    info.rebootCount = engine_.rebootsInWindow();
    info.rebootBurst = config_->manager.reboots.burst;
    info.rebootIntervalUsec = usec(config_->manager.reboots.interval);
    info.hostReinitCount = engine_.hostReinitsInWindow();
    info.hostReinitBurst = config_->manager.hostReinits.burst;
    info.totalReboots = engine_.totalReboots();
    info.escalationExhausted = engine_.escalationExhausted();
    info.configStale = staleBecause_.has_value();
    info.configStaleReason = staleBecause_.value_or("");
    return info;
}

OpResult Daemon::operatorResult(OperatorResult r)
{
    static constexpr std::pair<OperatorError, OpError> kErrors[] = {
        {OperatorError::None, OpError::None},
        {OperatorError::NoSuchGroup, OpError::NoSuchGroup},
        {OperatorError::InvalidState, OpError::InvalidState},
        {OperatorError::StaleIncarnation, OpError::StaleIncarnation},
        {OperatorError::InvalidArgument, OpError::InvalidArgument},
    };
    execute(std::move(r.actions));
    for (const auto& [core, bus] : kErrors)
        if (core == r.error)
            return {bus, r.message};
    return {OpError::InvalidState, r.message};
}

OpResult Daemon::offline(const std::string& group)
{
    log::info("operator: offline " + group);
    return operatorResult(engine_.offline(group));
}

OpResult Daemon::online(const std::string& group)
{
    log::info("operator: online " + group);
    return operatorResult(engine_.online(group));
}

OpResult Daemon::restart(const std::string& group)
{
    log::info("operator: restart " + group);
    return operatorResult(engine_.restart(group));
}

OpResult Daemon::restartMember(const std::string& group, const std::string& unit)
{
    log::info("operator: restart " + unit + " of group " + group + " (not counted as a fault)");
    return operatorResult(engine_.restartMember(group, unit));
}

OpResult Daemon::resetFailed(const std::string& group)
{
    log::info("operator: reset-failed " + group);
    return operatorResult(engine_.resetFailed(group));
}

OpResult Daemon::resetFailedAll()
{
    log::info("operator: reset-failed (all groups, reboot counters)");
    return operatorResult(engine_.resetFailedAll());
}

OpResult Daemon::activate(const std::string& group)
{
    log::info("operator: activate " + group);
    return operatorResult(engine_.activate(group));
}

OpResult Daemon::deactivate(const std::string& group)
{
    log::info("operator: deactivate " + group);
    return operatorResult(engine_.deactivate(group));
}

OpResult Daemon::acknowledge(const std::string& group, const std::string& state, std::uint64_t incarnation)
{
    auto target = runStateFromString(state);
    if (!target)
        return invalidArgument("'" + state + "' is not a state to acknowledge; expected active or standby");
    OpResult r = operatorResult(engine_.acknowledge(group, *target, incarnation));
    if (r.error == OpError::None)
        log::info("group " + group + ": application acknowledged " + state + " (incarnation " +
                  std::to_string(incarnation) + ")");
    return r;
}

OpResult Daemon::reportFault(const std::string& group, const std::string& recovery, const std::string& unit,
                             const std::string& reason)
{
    auto r = recoveryFromString(recovery);
    if (!r)
        return invalidArgument("'" + recovery +
                               "' is not a recovery; expected restart-process, restart-group or out-of-service");
    if (*r == Recovery::RestartProcess && unit.empty())
        return invalidArgument("restart-process needs the unit to restart");
    // The reason is the caller's text (capped on the bus side): escaped so
    // that a control character in it stays text in the journal.
    log::warning("group " + group + ": application reports a fault (" + recovery +
                 (unit.empty() ? "" : " " + unit) + "): " + pgm::text::escapeForDisplay(reason));
    return operatorResult(engine_.reportFault(group, *r, unit, reason));
}

std::vector<std::string> Daemon::checkConfig()
{
    std::vector<std::string> errors;
    for (const ConfigError& e : loadCheckedConfig(configDir_, &systemd_).errors)
        errors.push_back(format(e));
    return errors;
}

OpResult Daemon::reload()
{
    return loadAndApply("reload");
}

void Daemon::markStale(std::string reason)
{
    if (staleBecause_ != reason)
        managerChanged_ = true;
    staleBecause_ = std::move(reason);
    if (configWatch_)
        return;
    try {
        configWatch_ = std::make_unique<DirectoryWatch>(
            loop_, std::vector<std::string>{configDir_, configDir_ + "/groups.d", configDir_ + "/resources.d"},
            [this] { retryTimer_.armIfIdle(kRetryDelay, [this] { retryStaleConfig(); }); });
    } catch (const std::exception& e) {
        log::warning(std::string("cannot watch ") + configDir_ + " (" + e.what() +
                     "); once the files are fixed, reload pgmd to pick them up");
    }
}

void Daemon::clearStale()
{
    if (staleBecause_) {
        log::info("the configuration in " + configDir_ + " loads again: pgmd no longer runs a stale configuration");
        managerChanged_ = true;
    }
    staleBecause_.reset();
    retryTimer_.cancel();
    configWatch_.reset();
}

// From a timer: nothing may escape, or the loop ends.
void Daemon::retryStaleConfig()
{
    if (!staleBecause_)
        return;
    try {
        loadAndApply("the files in " + configDir_ + " changed");
    } catch (const std::exception& e) {
        log::error("cannot apply the changed configuration: " + std::string(e.what()));
    }
}

OpResult Daemon::loadAndApply(const std::string& trigger)
{
    LoadResult loaded = loadCheckedConfig(configDir_, &systemd_);
    if (!loaded.ok()) {
        const std::string summary = errorSummary(loaded.errors, configDir_);
        const std::string lines = errorLines(loaded.errors);
        markStale(summary + ":" + lines);
        log::warning(trigger + ": refused " + summary + "; nothing changed, pgmd runs a STALE configuration "
                     "until the files load:" + lines);
        afterBatch();
        return {OpError::BadConfig, summary + "; nothing changed:" + lines};
    }
    auto next = std::make_unique<Config>(std::move(loaded.config));
    if (next->manager.stateDirectory != config_->manager.stateDirectory)
        log::warning("reload: StateDirectory= changes only when pgmd restarts; keeping " +
                     config_->manager.stateDirectory);
    next->manager.stateDirectory = config_->manager.stateDirectory;
    if (icd_)
        icd_->onReload(next->manager);
    // The link is set up once (see IcdWiring::onReload): the engine, which asks
    // for power cycles only with a board, keeps seeing the link that runs.
    next->manager.independentComputer = config_->manager.independentComputer;

    const std::vector<std::string> units = allMemberUnits(*next);
    systemd_.watch(units);
    try {
        if (systemd_.installDropIns(next->groups))
            log::info("reload: member units placed in their group slices (systemd reloaded)");
    } catch (const std::exception& e) {
        log::error(std::string("reload: cannot update the member units' drop-ins: ") + e.what());
    }
    // The new configuration is in place before anything points into it, and
    // the old one lives until the engine no longer does, whatever happens.
    const std::unique_ptr<Config> previous = std::exchange(config_, std::move(next));
    resources_.setResources(config_->resources);
    Actions actions = engine_.reconfigure(*config_);
    configLoadedAt_ = clock_.now();
    bus_->syncGroups();
    log::info(trigger + ": configuration loaded from " + configDir_ + ": " + std::to_string(config_->groups.size()) +
              " groups, " + std::to_string(config_->resources.size()) + " resources");
    clearStale();
    keepLastGoodOrWarn(configDir_, config_->manager.stateDirectory);
    execute(std::move(actions));
    managerChanged_ = true;
    afterBatch();
    return {};
}

} // namespace pgmd
