#include "daemon.hpp"

#include "bus/bus_server.hpp"
#include "log/journal.hpp"
#include "persist/state_store.hpp"

#include <sdbus-c++/IConnection.h>
#include <systemd/sd-id128.h>

namespace pgmd {

namespace {

// Long enough to gather a burst of events (a group starting, a host
// re-initialising) into one save, short enough to lose little in a crash.
constexpr Duration kSaveDelay = std::chrono::milliseconds(200);

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

Daemon::Daemon(const Config& config, EventLoop& loop, sdbus::IConnection& systemdBus, sdbus::IConnection& apiBus)
    : config_(config), loop_(loop), apiBus_(apiBus), engine_(config, clock_), systemd_(systemdBus, *this),
      resources_(
          loop, config.resources,
          [this](const std::string& r, bool ok, const std::string& d) { execute(engine_.onResourceChecked(r, ok, d)); },
          [this](const std::string& r, bool ok, const std::string& d) {
              (ok ? log::info : log::warning)("resource " + r + ": " + d);
              execute(engine_.onResourceReinitDone(r, ok, d));
          }),
      writer_(config.manager.stateDirectory, [](const std::string& e) { log::error(e); }), saveTimer_(loop)
{
}

Daemon::~Daemon() = default;

void Daemon::start()
{
    systemd_.subscribe();
    const std::vector<std::string> units = allMemberUnits(config_);
    systemd_.watch(units);
    if (systemd_.installDropIns(config_.groups))
        log::info("placed member units in their group slices (systemd reloaded)");
    const auto observed = systemd_.queryActivity(units);

    LoadedState saved = loadState(config_.manager.stateDirectory);
    if (!saved.warning.empty())
        log::warning(saved.warning);
    engine_.restore(saved.state, bootIdentity());

    bus_ = std::make_unique<BusServer>(apiBus_, *this);
    apiBus_.requestName("org.pgmd1");
    execute(engine_.boot(observed));
}

std::string Daemon::bootIdentity()
{
    sd_id128_t boot;
    char text[SD_ID128_STRING_MAX];
    const int r = sd_id128_get_boot(&boot);
    return std::string(r < 0 ? "unknown" : sd_id128_to_string(boot, text)) + "@" +
           std::to_string(systemd_.managerStartTime());
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

const MemberSpec* Daemon::transientMember(const std::string& unit, std::string* slice) const
{
    for (const GroupSpec& g : config_.groups)
        for (const MemberSpec& m : g.members)
            if (m.name == unit && m.isTransient) {
                *slice = groupSlice(g);
                return &m;
            }
    return nullptr;
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
                if (const MemberSpec* m = transientMember(a.unit, &slice))
                    systemd_.startTransient(*m, slice, JobKind::Start);
                else
                    systemd_.startUnit(a.unit);
            },
            [&](const RestartUnit& a) {
                if (const MemberSpec* m = transientMember(a.unit, &slice))
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
            [&](const StateChanged& a) {
                log::transition(a.group, layerOf(a.group), toString(a.from), toString(a.to), a.reason);
                bus_->emitGroupStateChanged(a.group, toString(a.from), toString(a.to), a.reason);
                changedGroups_.insert(a.group);
            },
            [&](const EscalationTaken& a) {
                log::escalation(a.group, layerOf(a.group), toString(a.step), a.reason);
                bus_->emitEscalationStep(a.group, toString(a.step), a.reason);
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
    for (const GroupSpec& g : config_.groups)
        names.push_back(g.name);
    return names;
}

std::optional<GroupInfo> Daemon::group(const std::string& name) const
{
    const GroupRuntime* g = engine_.findGroup(name);
    if (!g)
        return std::nullopt;
    const GroupSpec& s = *g->spec;
    GroupInfo info;
    info.name = s.name;
    info.layer = toString(s.layer);
    info.state = toString(g->state);
    info.role = toString(s.role);
    info.slice = groupSlice(s);
    info.lastFault = g->lastFault;
    info.holdReason = g->holdReason;
    for (const MemberSpec& m : s.members)
        info.units.push_back(m.name);
    info.dependsOn = s.dependsOn;
    info.resources = s.resources;
    info.processRestarts = engine_.processRestartsInWindow(*g);
    info.processRestartBurst = s.processRestarts.burst;
    info.groupRestarts = engine_.groupRestartsInWindow(*g);
    info.groupRestartBurst = s.groupRestarts.burst;
    info.incarnation = g->incarnation;
    info.held = g->held;
    return info;
}

ManagerInfo Daemon::manager() const
{
    ManagerInfo info;
    info.nodeName = config_.manager.nodeName;
    info.rebootCount = engine_.rebootsInWindow();
    info.rebootBurst = config_.manager.reboots.burst;
    info.totalReboots = engine_.totalReboots();
    info.escalationExhausted = engine_.escalationExhausted();
    return info;
}

OpResult Daemon::operatorResult(OperatorResult r)
{
    static_assert(static_cast<int>(OpError::NoSuchGroup) == static_cast<int>(OperatorError::NoSuchGroup));
    static_assert(static_cast<int>(OpError::InvalidState) == static_cast<int>(OperatorError::InvalidState));
    execute(std::move(r.actions));
    return {static_cast<OpError>(r.error), r.message};
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

} // namespace pgmd
