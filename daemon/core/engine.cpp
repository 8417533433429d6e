#include "engine.hpp"

#include "group_rules.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace pgmd {

namespace {

std::string budgetText(const Budget& b)
{
    return std::to_string(b.burst) + " in " +
           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(b.interval).count()) + "s";
}

// A cold standby's members are not started, so nothing else resets a failure
// of their previous run: a repaired half leaves no "failed" unit behind.
void resetFailedMembers(const GroupRuntime& g, Actions& out)
{
    for (const MemberRuntime& m : g.members)
        out.push_back(ResetFailedUnit{m.spec->name});
}

} // namespace

namespace {

constexpr std::pair<UnitActivity, const char*> kActivityNames[] = {
    {UnitActivity::Active, "active"},         {UnitActivity::Reloading, "reloading"},
    {UnitActivity::Inactive, "inactive"},     {UnitActivity::Failed, "failed"},
    {UnitActivity::Activating, "activating"}, {UnitActivity::Deactivating, "deactivating"},
    {UnitActivity::Unknown, "unknown"},
};

} // namespace

UnitActivity unitActivityFromString(const std::string& s)
{
    for (const auto& [activity, name] : kActivityNames)
        if (s == name)
            return activity;
    return UnitActivity::Unknown;
}

const char* toString(UnitActivity a)
{
    for (const auto& [activity, name] : kActivityNames)
        if (a == activity)
            return name;
    return "unknown";
}

const char* toString(JobKind k)
{
    switch (k) {
    case JobKind::Start: return "start";
    case JobKind::Restart: return "restart";
    case JobKind::Stop: return "stop";
    }
    return "?";
}

Engine::Engine(const Config& config, const Clock& clock)
    : config_(&config), clock_(clock), reboots_(config.manager.reboots),
      hostReinits_(config.manager.hostReinits)
{
    groups_.reserve(config.groups.size());
    for (const GroupSpec& spec : config.groups) {
        GroupRuntime g;
        g.spec = &spec;
        g.runTarget = initialRunState(config, spec);
        g.groupRestarts = RestartWindow(spec.groupRestarts);
        for (const MemberSpec& ms : spec.members)
            g.members.push_back(MemberRuntime{&ms, MemberPhase::Stopped, RestartWindow(spec.processRestarts)});
        groups_.push_back(std::move(g));
    }
    for (const ResourceSpec& spec : config.resources) {
        ResourceRuntime r;
        r.spec = &spec;
        resources_.push_back(std::move(r));
    }
    indexGroups();
}

// ---- look-ups -------------------------------------------------------------

GroupRuntime* Engine::group(const std::string& name)
{
    auto it = groupIndex_.find(name);
    return it == groupIndex_.end() ? nullptr : &groups_[it->second];
}

// Every bus property read looks a group up by name: with hundreds of groups a
// scan per read dominated GetManagedObjects.
void Engine::indexGroups()
{
    groupIndex_.clear();
    for (std::size_t i = 0; i < groups_.size(); ++i)
        groupIndex_.emplace(groups_[i].spec->name, i);
}

const GroupRuntime* Engine::findGroup(const std::string& name) const
{
    return const_cast<Engine*>(this)->group(name);
}

GroupRuntime* Engine::groupOfUnit(const std::string& unit, MemberRuntime** member)
{
    for (GroupRuntime& g : groups_)
        for (MemberRuntime& m : g.members)
            if (m.spec->name == unit) {
                *member = &m;
                return &g;
            }
    return nullptr;
}

ResourceRuntime* Engine::resource(const std::string& name)
{
    for (ResourceRuntime& r : resources_)
        if (r.spec->name == name)
            return &r;
    return nullptr;
}

const ResourceRuntime* Engine::findResource(const std::string& name) const
{
    return const_cast<Engine*>(this)->resource(name);
}

std::vector<GroupRuntime*> Engine::dependentsOf(const GroupRuntime& g)
{
    std::vector<GroupRuntime*> out;
    for (GroupRuntime& d : groups_) {
        const auto& deps = d.spec->dependsOn;
        if (std::find(deps.begin(), deps.end(), g.spec->name) != deps.end())
            out.push_back(&d);
    }
    return out;
}

unsigned Engine::processRestartsInWindow(const GroupRuntime& g) const
{
    unsigned n = 0;
    for (const MemberRuntime& m : g.members)
        n += m.restarts.countAt(clock_.now());
    return n;
}

unsigned Engine::groupRestartsInWindow(const GroupRuntime& g) const
{
    return g.groupRestarts.countAt(clock_.now());
}

unsigned Engine::rebootsInWindow() const
{
    return reboots_.countAt(clock_.now());
}

unsigned Engine::hostReinitsInWindow() const
{
    return hostReinits_.countAt(clock_.now());
}

bool Engine::takeDirty()
{
    return std::exchange(dirty_, false);
}

// ---- persistence ----------------------------------------------------------

void Engine::restore(const PersistedState& state, const std::string& currentBoot)
{
    const TimePoint now = clock_.now();
    const bool sameBoot = state.bootId == currentBoot;
    bootId_ = currentBoot;
    for (const auto& [name, pg] : state.groups) {
        GroupRuntime* g = group(name);
        if (!g)
            continue;  // the group was removed from the configuration
        g->incarnation = pg.incarnation;
        g->lastFault = pg.lastFault;
        if (pg.lastFaultAt.usec != 0)
            g->lastFaultAt = pg.lastFaultAt;
        // The state goes on where it is adopted, held or offline; a group
        // that was starting starts again, and a reboot starts everything afresh.
        const bool stateGoesOn = pg.offline || (sameBoot && pg.state != toString(GroupState::Init));
        if (stateGoesOn && pg.stateSince.usec != 0)
            g->stateSince = pg.stateSince;
        if (sameBoot) {
            g->held = pg.held;
            g->holdReason = pg.holdReason;
        }
        if (pg.offline)
            g->state = GroupState::Offline;
        else if (auto s = groupStateFromString(pg.state); s && sameBoot)
            restoredStates_[name] = *s;
        g->groupRestarts.restore(pg.groupRestarts, now);
        for (MemberRuntime& m : g->members) {
            auto it = pg.processRestarts.find(m.spec->name);
            if (it != pg.processRestarts.end())
                m.restarts.restore(it->second, now);
            if (auto pending = pg.restartsPending.find(m.spec->name); sameBoot && pending != pg.restartsPending.end())
                m.restartCountedAt = pending->second;
        }
    }
    reboots_.restore(state.reboots, now);
    hostReinits_.restore(state.hostReinits, now);
    totalReboots_ = state.totalReboots;
    exhausted_ = state.escalationExhausted;
}

PersistedState Engine::snapshot() const
{
    PersistedState s;
    for (const GroupRuntime& g : groups_) {
        PersistedGroup pg;
        pg.incarnation = g.incarnation;
        pg.state = toString(g.state);
        pg.offline = g.state == GroupState::Offline;
        pg.held = g.held;
        pg.holdReason = g.holdReason;
        pg.lastFault = g.lastFault;
        pg.lastFaultAt = g.lastFaultAt.value_or(TimePoint{});
        pg.stateSince = g.stateSince.value_or(TimePoint{});
        for (const MemberRuntime& m : g.members) {
            if (!m.restarts.times().empty())
                pg.processRestarts[m.spec->name] = m.restarts.times();
            if (m.restartCountedAt && m.phase == MemberPhase::Starting)
                pg.restartsPending[m.spec->name] = *m.restartCountedAt;
        }
        pg.groupRestarts = g.groupRestarts.times();
        s.groups[g.spec->name] = std::move(pg);
    }
    s.reboots = reboots_.times();
    s.hostReinits = hostReinits_.times();
    s.totalReboots = totalReboots_;
    s.escalationExhausted = exhausted_;
    s.bootId = bootId_;
    return s;
}

// ---- state machine --------------------------------------------------------

void Engine::transition(GroupRuntime& g, GroupState to, const std::string& reason, Actions& out, Actor actor)
{
    if (g.state == to)
        return;
    if (!transitionAllowed(g.state, to, actor))
        throw std::logic_error(std::string("pgmd bug: transition ") + toString(g.state) + " -> " +
                               toString(to) + " of group " + g.spec->name + " is not allowed");
    const GroupState from = g.state;
    g.state = to;
    g.stateSince = clock_.now();
    // A half that went down has lost its claim: when it starts again it
    // comes up standby, and active only once the cluster says so again
    // (otherwise it could claim before its mate was told it had failed).
    if (to == GroupState::Unavailable && decidedByCluster(*config_, *g.spec))
        g.runTarget = GroupState::Standby;
    // A request is about the state it was made in; any change answers it.
    g.requested.reset();
    // Running with a member still restarting: its readiness deadline stays.
    if (to != GroupState::Init && !(isRunning(to) && !quiescent(g)))
        g.activationDeadline.reset();
    dirty_ = true;
    // A restarted pgmd adopts only groups it knows were running: that must be
    // on disk before anyone (a member dying at once, a client) can act on it.
    if (isRunning(to) && !isRunning(from))
        out.push_back(PersistNow{});
    out.push_back(StateChanged{g.spec->name, from, to, reason, g.incarnation});
    announceWaitersOn(g, from, out);
}

// Groups kept down by `g` name its state in their WaitingFor: a change of it
// changes theirs, which the bus announces like any other property.
void Engine::announceWaitersOn(const GroupRuntime& g, GroupState from, Actions& out) const
{
    const bool layerWaitsChanged = blocksHigherLayers(from) || blocksHigherLayers(g.state);
    for (const GroupRuntime& waiter : groups_) {
        if (!showsStartBlockers(waiter))
            continue;
        const auto& deps = waiter.spec->dependsOn;
        if ((layerWaitsChanged && waiter.spec->layer > g.spec->layer) ||
            std::find(deps.begin(), deps.end(), g.spec->name) != deps.end())
            out.push_back(GroupUpdated{waiter.spec->name});
    }
}

void Engine::escalation(const std::string& group, EscalationStep step, const std::string& reason, Actions& out,
                        bool savedAlready)
{
    dirty_ = true;
    if (GroupRuntime* g = this->group(group)) {
        g->recentSteps.push_back(StepRecord{clock_.now(), step, reason});
        if (g->recentSteps.size() > kRecentSteps)
            g->recentSteps.pop_front();
    }
    // On disk before anything acts on it (see PersistNow).
    if (!savedAlready)
        out.push_back(PersistNow{});
    out.push_back(EscalationTaken{group, step, reason});
}

void Engine::setFault(GroupRuntime& g, const std::string& reason)
{
    g.lastFault = reason;
    g.lastFaultAt = clock_.now();
    dirty_ = true;
}

// The group is ready to run as `target`: with a handshake the application is
// asked first and the group stays where it is until it acknowledges.
void Engine::becomeRunning(GroupRuntime& g, GroupState target, const std::string& reason, Actions& out)
{
    // A cold standby runs no process that could answer.
    const bool nothingToAsk = target == GroupState::Standby && g.spec->standby == StandbyKind::Cold;
    if (g.spec->handshake == Handshake::None || nothingToAsk) {
        transition(g, target, reason, out);
        return;
    }
    if (g.requested == target)
        return;
    g.requested = target;
    if (!g.activationDeadline)
        g.activationDeadline = clock_.monotonic() + g.spec->activationTimeout;
    out.push_back(RequestActivation{g.spec->name, target, g.incarnation});
    out.push_back(GroupUpdated{g.spec->name});
}

void Engine::handshakeTimeout(GroupRuntime& g, Actions& out)
{
    const std::string reason = std::string("no acknowledgement of ") + toString(*g.requested) + " within " +
                               std::to_string(g.spec->activationTimeout.count() / 1000) + "ms";
    g.requested.reset();
    setFault(g, reason);
    out.push_back(GroupUpdated{g.spec->name});
    escalateByLayer(g, reason, out);
}

bool Engine::quiescent(const GroupRuntime& g) const
{
    return std::none_of(g.members.begin(), g.members.end(), [](const MemberRuntime& m) {
        return m.phase == MemberPhase::Starting || m.phase == MemberPhase::Stopping;
    });
}

bool Engine::startable(const GroupRuntime& g, bool lowerLayersBlock) const
{
    if (lowerLayersBlock)
        return false;
    const auto& deps = g.spec->dependsOn;
    const auto& resources = g.spec->resources;
    return std::all_of(deps.begin(), deps.end(), [&](const std::string& d) { return dependencyMet(findGroup(d)); }) &&
           std::all_of(resources.begin(), resources.end(),
                       [&](const std::string& r) { return resourceMet(findResource(r)); });
}

void Engine::reconcile(Actions& out)
{
    if (!booted_ || rebooting_)
        return;
    for (Layer layer : {Layer::System, Layer::Platform, Layer::Application}) {
        // Once per layer, not per group: starting groups of this layer cannot
        // change whether the layers below it are complete.
        const bool lowerLayersBlock = std::any_of(groups_.begin(), groups_.end(), [&](const GroupRuntime& lower) {
            return lower.spec->layer < layer && blocksHigherLayers(lower.state);
        });
        for (GroupRuntime& g : groups_)
            if (g.spec->layer == layer && g.state == GroupState::Unavailable && !g.held &&
                quiescent(g) && startable(g, lowerLayersBlock))
                startGroup(g, "starting", out);
    }
}

void Engine::startGroup(GroupRuntime& g, const std::string& reason, Actions& out)
{
    transition(g, GroupState::Init, reason, out);
    g.incarnation = nextIncarnation(g.incarnation);
    g.requested.reset();  // it asked the previous incarnation
    // The cluster's decision outlives a restart of the half; otherwise a
    // group starts in the state its role gives it.
    if (!decidedByCluster(*config_, *g.spec))
        g.runTarget = initialRunState(*g.spec);
    if (!isColdStandby(g)) {
        for (MemberRuntime& m : g.members) {
            m.phase = MemberPhase::Starting;
            out.push_back(askJob<StartUnit>(m));
        }
    } else {
        resetFailedMembers(g, out);
    }
    g.activationDeadline = clock_.monotonic() + g.spec->activationTimeout;
    out.push_back(GroupUpdated{g.spec->name});
    checkActivation(g, out);
}

void Engine::restartGroupMembers(GroupRuntime& g, Actions& out)
{
    g.incarnation = nextIncarnation(g.incarnation);
    g.requested.reset();  // it asked the previous incarnation
    // A cold standby goes back to standby without running anything.
    if (!isColdStandby(g)) {
        for (MemberRuntime& m : g.members) {
            m.phase = MemberPhase::Starting;
            out.push_back(askJob<RestartUnit>(m));
        }
    } else {
        resetFailedMembers(g, out);
    }
    g.activationDeadline = clock_.monotonic() + g.spec->activationTimeout;
    out.push_back(GroupUpdated{g.spec->name});
    checkActivation(g, out);
}

void Engine::stopGroupMembers(GroupRuntime& g, Actions& out)
{
    bool any = false;
    for (MemberRuntime& m : g.members) {
        if (m.phase == MemberPhase::Stopped)
            continue;
        m.phase = MemberPhase::Stopping;
        out.push_back(askJob<StopUnit>(m));
        any = true;
    }
    if (any && g.state != GroupState::Offline)
        g.stopDeadline = clock_.monotonic() + config_->manager.stopTimeout;
}

void Engine::checkActivation(GroupRuntime& g, Actions& out)
{
    // A restarted process became ready; an unanswered request keeps its deadline.
    if (isRunning(g.state) && quiescent(g) && !g.requested)
        g.activationDeadline.reset();
    if (g.state != GroupState::Init)
        return;
    const bool ready = isColdStandby(g) || std::all_of(g.members.begin(), g.members.end(), [](const MemberRuntime& m) {
                           return m.phase == MemberPhase::Running;
                       });
    if (ready)
        becomeRunning(g, g.runTarget, "all members ready", out);
}

void Engine::checkStopped(GroupRuntime& g, Actions&)
{
    if (quiescent(g))
        g.stopDeadline.reset();
}

// ---- faults and the ladder -------------------------------------------------

void Engine::memberFault(GroupRuntime& g, MemberRuntime& m, const std::string& reason, Actions& out)
{
    if (rebooting_ || !isUp(g.state))
        return;
    setFault(g, reason);
    out.push_back(GroupUpdated{g.spec->name});
    if (g.spec->layer == Layer::System) {
        systemFailure(g, reason, out);
        return;
    }
    const TimePoint now = clock_.now();
    if (g.spec->restartable && m.spec->restartable && m.restarts.allows(now)) {
        m.restarts.record(now);
        m.phase = MemberPhase::Starting;
        m.restartCountedAt = clock_.monotonic();
        g.activationDeadline = clock_.monotonic() + g.spec->activationTimeout;
        // The count on disk, then the restart, then the telling of it: the
        // journal line and the bus signal cost the process time it does
        // not need to wait for.
        out.push_back(PersistNow{});
        out.push_back(askJob<RestartUnit>(m));
        escalation(g.spec->name, EscalationStep::RestartProcess, reason, out, true);
        return;
    }
    groupFault(g, reason, out);
}

void Engine::groupFault(GroupRuntime& g, const std::string& reason, Actions& out)
{
    const TimePoint now = clock_.now();
    if (g.spec->restartable && g.groupRestarts.allows(now)) {
        g.groupRestarts.record(now);
        escalation(g.spec->name, EscalationStep::RestartGroup, reason, out);
        // Back into the state it ran in (a standby stays standby), or
        // the one the cluster decided.
        if (isRunning(g.state) && !decidedByCluster(*config_, *g.spec))
            g.runTarget = g.state;
        transition(g, GroupState::Init, reason, out);
        restartGroupMembers(g, out);
        return;
    }
    escalateByLayer(g, reason, out);
}

void Engine::escalateByLayer(GroupRuntime& g, const std::string& reason, Actions& out)
{
    switch (g.spec->layer) {
    case Layer::Application:
        escalation(g.spec->name, EscalationStep::OutOfService, reason, out);
        takeOutOfService(g, reason, true, out);
        break;
    case Layer::Platform:
        reinitHost(g.spec->name, reason, out);
        break;
    case Layer::System:
        systemFailure(g, reason, out);
        break;
    }
}

void Engine::takeOutOfService(GroupRuntime& g, const std::string& reason, bool hold, Actions& out)
{
    if (hold) {
        g.held = true;
        g.holdReason = reason;
        dirty_ = true;
    }
    if (isUp(g.state))
        transition(g, GroupState::Unavailable, reason, out);
    // The system layer is the OS itself: its units stay as they are, as on a
    // system-layer failure (systemFailure), whatever brought it here.
    if (g.spec->layer != Layer::System)
        stopGroupMembers(g, out);
    out.push_back(GroupUpdated{g.spec->name});
    takeDependentsOutOfService(g, out);
}

void Engine::takeDependentsOutOfService(const GroupRuntime& g, Actions& out)
{
    for (GroupRuntime* d : dependentsOf(g)) {
        if (!isUp(d->state))
            continue;
        // Not held: a dependent comes back by itself once what it needs runs again.
        takeOutOfService(*d, "depends on " + g.spec->name + ", which is " + toString(g.state), false, out);
    }
}

void Engine::cannotStop(GroupRuntime& g, Actions& out)
{
    std::string stuck;
    for (const MemberRuntime& m : g.members)
        if (m.phase == MemberPhase::Stopping)
            stuck += (stuck.empty() ? "" : ", ") + m.spec->name;
    const std::string reason = "could not be taken out of service: " + stuck + " did not stop";
    setFault(g, reason);
    out.push_back(GroupUpdated{g.spec->name});
    if (g.spec->layer == Layer::System)
        reboot(g.spec->name, reason, out);
    else
        reinitHost(g.spec->name, reason, out);
}

void Engine::reinitHost(const std::string& origin, const std::string& reason, Actions& out)
{
    if (rebooting_)
        return;
    const TimePoint now = clock_.now();
    if (!hostReinits_.allows(now)) {
        reboot(origin, reason + "; host re-initialisation budget (" + budgetText(hostReinits_.budget()) +
                           ") spent",
               out);
        return;
    }
    hostReinits_.record(now);
    escalation(origin, EscalationStep::ReinitHost, reason, out);
    for (GroupRuntime& g : groups_) {
        if (g.spec->layer == Layer::System || g.state == GroupState::Offline)
            continue;
        g.held = false;
        g.holdReason.clear();
        if (isUp(g.state))
            transition(g, GroupState::Unavailable, "host re-initialisation: " + reason, out);
        stopGroupMembers(g, out);
        out.push_back(GroupUpdated{g.spec->name});
    }
    out.push_back(ManagerUpdated{});
}

void Engine::systemFailure(GroupRuntime& failed, const std::string& reason, Actions& out)
{
    const std::string why = "system-layer group " + failed.spec->name + " failed: " + reason;
    escalation(failed.spec->name, EscalationStep::OutOfService, why, out);
    for (GroupRuntime& g : groups_) {
        if (g.state == GroupState::Offline)
            continue;
        if (isUp(g.state))
            transition(g, GroupState::Unavailable, why, out);
        // The system layer is the OS itself: its units stay as they are.
        if (g.spec->layer != Layer::System)
            stopGroupMembers(g, out);
        g.held = true;
        g.holdReason = why;
        out.push_back(GroupUpdated{g.spec->name});
    }
    reboot(failed.spec->name, why, out);
}

void Engine::reboot(const std::string& origin, const std::string& reason, Actions& out)
{
    if (rebooting_)
        return;
    const TimePoint now = clock_.now();
    // Once spent, the ladder stays spent until an operator acknowledges it
    // (Online or Restart), even if the reboot window has passed meanwhile.
    if (exhausted_ || !reboots_.allows(now)) {
        exhaust(origin, reason + "; reboot budget (" + budgetText(reboots_.budget()) + ") spent, no further recovery",
                out);
        if (GroupRuntime* g = group(origin))
            takeOutOfService(*g, reason, true, out);
        out.push_back(ManagerUpdated{});
        return;
    }
    reboots_.record(now);
    ++totalReboots_;
    rebooting_ = true;
    rebootOrigin_ = origin;
    escalation(origin, EscalationStep::Reboot, reason, out);
    out.push_back(ManagerUpdated{});
    out.push_back(RebootHost{reason});
}

// Deciding to ask the board is the engine's, like every step of the ladder;
// the board link only carries the request out. The engine asks only when the
// configuration it runs has an [IndependentComputer]: without one there is
// nobody to ask, and saying so at every exhausted step would be noise (the
// exhausted step is logged anyway). The link is set up once at start, so the
// daemon keeps [IndependentComputer] as it started across reloads, and what
// the engine sees is the link that runs.
void Engine::exhaust(const std::string& origin, const std::string& reason, Actions& out)
{
    exhausted_ = true;
    escalation(origin, EscalationStep::Exhausted, reason, out);
    if (config_->manager.independentComputer)
        out.push_back(RequestPowerCycle{"reboot budget spent: " + reason});
}

// ---- resources --------------------------------------------------------------

namespace {

// A group that is up and needs `r`: what a failure of `r` takes down.
bool upAndNeeds(const GroupRuntime& g, const ResourceRuntime& r)
{
    const auto& res = g.spec->resources;
    return isUp(g.state) && std::find(res.begin(), res.end(), r.spec->name) != res.end();
}

} // namespace

// Groups kept down name the resource's health and error in their WaitingFor.
void Engine::announceWaitersOn(const ResourceRuntime& r, Actions& out) const
{
    for (const GroupRuntime& waiter : groups_) {
        const auto& res = waiter.spec->resources;
        if (showsStartBlockers(waiter) && std::find(res.begin(), res.end(), r.spec->name) != res.end())
            out.push_back(GroupUpdated{waiter.spec->name});
    }
}

bool Engine::anyDependentUp(const ResourceRuntime& r) const
{
    return std::any_of(groups_.begin(), groups_.end(), [&](const GroupRuntime& g) { return upAndNeeds(g, r); });
}

void Engine::resourceFault(ResourceRuntime& r, Actions& out)
{
    const std::string reason = "resource " + r.spec->name + " failed: " + r.detail;
    for (GroupRuntime& g : groups_) {
        if (!upAndNeeds(g, r))
            continue;
        setFault(g, reason);
        switch (g.spec->layer) {
        case Layer::Application:
            // Not held: the group returns once its resource is healthy again.
            escalation(g.spec->name, EscalationStep::OutOfService, reason, out);
            takeOutOfService(g, reason, false, out);
            break;
        case Layer::Platform:
            reinitHost(g.spec->name, reason, out);
            break;
        case Layer::System:
            systemFailure(g, reason, out);
            break;
        }
    }
}

// ---- events -------------------------------------------------------------------

std::vector<std::string> Engine::restartsOutstanding() const
{
    std::vector<std::string> units;
    for (const GroupRuntime& g : groups_)
        for (const MemberRuntime& m : g.members)
            if (m.restartCountedAt)
                units.push_back(m.spec->name);
    return units;
}

Actions Engine::boot(const std::map<std::string, UnitActivity>& observedUnits,
                     const std::map<std::string, MonoTime>& lastStarted)
{
    Actions out;
    booted_ = true;
    for (ResourceRuntime& r : resources_) {
        r.checkPending = true;
        out.push_back(CheckResource{r.spec->name});
    }
    std::vector<std::pair<GroupRuntime*, MemberRuntime*>> lost;
    for (GroupRuntime& g : groups_) {
        auto restored = restoredStates_.find(g.spec->name);
        if (g.state == GroupState::Offline || g.held || restored == restoredStates_.end() ||
            !isRunning(restored->second))
            continue;
        // pgmd itself was restarted: keep what still runs, recover what died meanwhile.
        g.state = restored->second;
        g.runTarget = restored->second;
        const bool coldStandby = isColdStandby(g);
        for (MemberRuntime& m : g.members) {
            auto seen = observedUnits.find(m.spec->name);
            const bool running = seen != observedUnits.end() &&
                                 (seen->second == UnitActivity::Active || seen->second == UnitActivity::Reloading);
            // Started after the restart was asked for: that restart ran, and
            // the member has died again since.
            auto started = lastStarted.find(m.spec->name);
            if (m.restartCountedAt && started != lastStarted.end() && started->second > *m.restartCountedAt)
                m.restartCountedAt.reset();
            if (running) {
                m.phase = MemberPhase::Running;
                m.restartCountedAt.reset();
            } else if (!coldStandby && m.restartCountedAt) {
                // The previous pgmd counted this fault and died before its
                // restart ran: carry the restart out, do not count it again.
                m.phase = MemberPhase::Starting;
                g.activationDeadline = clock_.monotonic() + g.spec->activationTimeout;
                out.push_back(askJob<RestartUnit>(m));
            } else if (!coldStandby) {
                lost.emplace_back(&g, &m);
            }
        }
        out.push_back(GroupAdopted{g.spec->name, g.state});
    }
    restoredStates_.clear();
    for (auto [g, m] : lost)
        memberFault(*g, *m, m->spec->name + " stopped while pgmd was not running", out);
    reconcile(out);
    return out;
}

Actions Engine::onUnitChanged(const std::string& unit, UnitActivity activity, const std::string& detail)
{
    Actions out;
    MemberRuntime* m = nullptr;
    GroupRuntime* g = groupOfUnit(unit, &m);
    if (!g || g->state == GroupState::Offline)
        return out;
    // Only a member pgmd believes is running can fail; during a job, the job's result tells.
    if (m->phase == MemberPhase::Running &&
        (activity == UnitActivity::Failed || activity == UnitActivity::Inactive ||
         activity == UnitActivity::Deactivating)) {
        m->phase = MemberPhase::Stopped;
        memberFault(*g, *m, unit + " " + (detail.empty() ? "stopped" : detail), out);
    }
    reconcile(out);
    return out;
}

Actions Engine::onJobFinished(const std::string& unit, JobKind kind, const std::string& result)
{
    Actions out;
    MemberRuntime* m = nullptr;
    GroupRuntime* g = groupOfUnit(unit, &m);
    if (!g)
        return out;
    // A later job of ours is still to come: its end speaks for the member.
    if (m->jobsInFlight > 0 && --m->jobsInFlight > 0)
        return out;
    // "canceled": a job from outside replaced it (see onOutsideJob).
    if (result == "canceled")
        return out;
    const bool ok = result == "done";
    if (m->phase == MemberPhase::Stopping && kind == JobKind::Stop) {
        if (ok || g->state == GroupState::Offline) {
            m->phase = MemberPhase::Stopped;
            checkStopped(*g, out);
        } else {
            cannotStop(*g, out);
        }
    } else if (m->phase == MemberPhase::Starting && kind != JobKind::Stop && g->state != GroupState::Offline) {
        // Its end goes on disk at once too: were this member to die again
        // before the batched save, a stale mark would hide that fault.
        if (std::exchange(m->restartCountedAt, std::nullopt))
            out.push_back(PersistNow{});
        if (ok) {
            m->phase = MemberPhase::Running;
            checkActivation(*g, out);
        } else {
            m->phase = MemberPhase::Stopped;
            memberFault(*g, *m, unit + " start job " + result, out);
        }
    }
    reconcile(out);
    return out;
}

Actions Engine::onOutsideJob(const std::string& unit, std::uint32_t)
{
    Actions out;
    MemberRuntime* m = nullptr;
    GroupRuntime* g = groupOfUnit(unit, &m);
    // A job of ours it replaced ends "canceled" and is ignored.
    if (g && isUp(g->state) && (m->phase == MemberPhase::Running || m->phase == MemberPhase::Starting)) {
        m->phase = MemberPhase::Outside;
        m->restartCountedAt.reset();
        out.push_back(GroupUpdated{g->spec->name});
    }
    return out;
}

Actions Engine::onOutsideJobFinished(const std::string& unit, std::uint32_t jobId, const std::string& result,
                                     UnitActivity activity)
{
    Actions out;
    MemberRuntime* m = nullptr;
    GroupRuntime* g = groupOfUnit(unit, &m);
    if (!g || m->phase != MemberPhase::Outside)
        return out;
    const std::string job = " (systemd job " + std::to_string(jobId) + ", " + result + ")";
    if (activity == UnitActivity::Active || activity == UnitActivity::Reloading) {
        m->phase = MemberPhase::Running;
        checkActivation(*g, out);
    } else if (result == "done") {
        // An operator stopped it: the group cannot run without it, and
        // starting it again would undo what they did. Nothing is counted.
        m->phase = MemberPhase::Stopped;
        const std::string reason = unit + " stopped outside pgmd" + job;
        takeOutOfService(*g, reason, true, out);
    } else {
        m->phase = MemberPhase::Stopped;
        memberFault(*g, *m, unit + " failed to restart outside pgmd" + job, out);
    }
    reconcile(out);
    return out;
}

Actions Engine::onResourceChecked(const std::string& name, bool healthy, const std::string& detail)
{
    Actions out;
    ResourceRuntime* r = resource(name);
    if (!r)
        return out;
    r->checkPending = false;
    r->nextCheck = clock_.monotonic() + r->spec->checkInterval;
    r->detail = detail;
    const ResourceHealth before = r->health;
    bool reinitStarted = false;
    if (healthy) {
        r->health = ResourceHealth::Ok;
        r->reinitTried = false;
    } else {
        // Not yet up since pgmd started, and nothing running needs it: its
        // Reinit= sets it up (the first start after a boot), which is no fault.
        const bool settingUp = r->health == ResourceHealth::Unknown && !anyDependentUp(*r);
        // Every failed check escalates the dependents still up, including
        // groups adopted after a pgmd restart before the first check.
        r->health = ResourceHealth::Failed;
        resourceFault(*r, out);
        if (!r->reinitTried && !r->spec->reinit.empty()) {
            r->reinitTried = true;
            r->reinitPending = true;
            r->nextCheck.reset();
            if (settingUp)
                out.push_back(ResourceSetUp{name, detail});
            else
                escalation("", EscalationStep::ReinitResource, "resource " + name + " failed: " + detail, out);
            r->history.recordReinit(clock_.now());
            reinitStarted = true;
            out.push_back(ReinitResource{name});
        }
    }
    const bool newsForOperator = r->history.recordCheck(before, r->health, healthy ? "" : detail, clock_.now());
    // A check that found the same as the last one changes no one's WaitingFor.
    if (newsForOperator)
        announceWaitersOn(*r, out);
    if (newsForOperator || reinitStarted)
        out.push_back(ResourceUpdated{name});
    reconcile(out);
    return out;
}

Actions Engine::onResourceReinitDone(const std::string& name, bool, const std::string&)
{
    Actions out;
    ResourceRuntime* r = resource(name);
    if (!r)
        return out;
    // Whatever the repair command said, the check decides.
    r->reinitPending = false;
    r->checkPending = true;
    r->nextCheck.reset();
    out.push_back(CheckResource{name});
    return out;
}

Actions Engine::onRebootFailed(const std::string& why)
{
    Actions out;
    if (!rebooting_)
        return out;
    rebooting_ = false;
    exhaust(rebootOrigin_, "the host could not be rebooted: " + why, out);
    if (GroupRuntime* g = group(rebootOrigin_))
        takeOutOfService(*g, "the host could not be rebooted: " + why, true, out);
    out.push_back(ManagerUpdated{});
    return out;
}

Actions Engine::onTimer()
{
    Actions out;
    const MonoTime now = clock_.monotonic();
    expireCounters(out);
    for (GroupRuntime& g : groups_) {
        if (g.activationDeadline && now >= *g.activationDeadline && g.requested) {
            g.activationDeadline.reset();
            handshakeTimeout(g, out);
        } else if (g.activationDeadline && now >= *g.activationDeadline) {
            g.activationDeadline.reset();
            std::string notReady;
            for (const MemberRuntime& m : g.members)
                if (m.phase == MemberPhase::Starting)
                    notReady += (notReady.empty() ? "" : ", ") + m.spec->name;
            if (g.state == GroupState::Init) {
                // No acknowledgement in time: unavailable, then the layer's own step.
                const std::string reason = "activation timeout: " + notReady + " not ready";
                setFault(g, reason);
                out.push_back(GroupUpdated{g.spec->name});
                escalateByLayer(g, reason, out);
            } else if (isRunning(g.state)) {
                // A restarted process that never became ready is a fault of its own.
                for (MemberRuntime& m : g.members) {
                    if (m.phase != MemberPhase::Starting)
                        continue;
                    m.phase = MemberPhase::Stopped;
                    memberFault(g, m, m.spec->name + " not ready within " +
                                          std::to_string(g.spec->activationTimeout.count() / 1000) + "ms of its restart",
                                out);
                }
            }
        }
        if (g.stopDeadline && now >= *g.stopDeadline) {
            g.stopDeadline.reset();
            if (!quiescent(g))
                cannotStop(g, out);
        }
    }
    for (ResourceRuntime& r : resources_) {
        if (r.nextCheck && now >= *r.nextCheck && !r.checkPending && !r.reinitPending) {
            r.nextCheck.reset();
            r.checkPending = true;
            out.push_back(CheckResource{r.spec->name});
        }
    }
    reconcile(out);
    return out;
}

std::optional<MonoTime> Engine::nextDeadline() const
{
    std::optional<MonoTime> next;
    auto consider = [&](const std::optional<MonoTime>& t) {
        if (t && (!next || *t < *next))
            next = t;
    };
    for (const GroupRuntime& g : groups_) {
        consider(g.activationDeadline);
        consider(g.stopDeadline);
    }
    for (const ResourceRuntime& r : resources_)
        if (!r.checkPending && !r.reinitPending)
            consider(r.nextCheck);
    // Counters that decay change the published properties: wake up to say so.
    const TimePoint wallNow = clock_.now();
    const MonoTime monoNow = clock_.monotonic();
    auto considerExpiry = [&](const RestartWindow& w) {
        auto expiry = w.nextExpiry();
        if (!expiry)
            return;
        Duration wait = std::max(Duration{0}, *expiry - wallNow);
        // Further away than a whole window: the wall clock stepped back; wake
        // up at once so that the stamps are brought back to the present.
        if (wait > w.budget().interval)
            wait = Duration{0};
        consider(monoNow + wait);
    };
    for (const GroupRuntime& g : groups_) {
        considerExpiry(g.groupRestarts);
        for (const MemberRuntime& m : g.members)
            considerExpiry(m.restarts);
    }
    considerExpiry(reboots_);
    considerExpiry(hostReinits_);
    return next;
}

void Engine::expireCounters(Actions& out)
{
    const TimePoint now = clock_.now();
    for (GroupRuntime& g : groups_) {
        bool changed = g.groupRestarts.expire(now);
        for (MemberRuntime& m : g.members)
            changed = m.restarts.expire(now) || changed;
        if (changed)
            out.push_back(GroupUpdated{g.spec->name});
    }
    const bool rebootsChanged = reboots_.expire(now);
    if (hostReinits_.expire(now) || rebootsChanged)
        out.push_back(ManagerUpdated{});
}

} // namespace pgmd
