// What operators and applications ask of the engine over the bus: each
// command is checked against the group's state and refused with a reason, or
// carried out as ordinary engine work.

#include "engine.hpp"

#include "group_rules.hpp"
#include "waiting_for.hpp"

#include <algorithm>
#include <utility>

namespace pgmd {

namespace {

// Why a command was not carried out. A bare string is the usual case: the
// group is in the wrong state for it.
struct Refusal {
    OperatorError error = OperatorError::None;
    std::string message;

    Refusal() = default;
    Refusal(std::string wrongState) // NOLINT: implicit on purpose, see above
        : error(wrongState.empty() ? OperatorError::None : OperatorError::InvalidState),
          message(std::move(wrongState))
    {
    }
    Refusal(const char* wrongState) : Refusal(std::string(wrongState)) {} // NOLINT
    Refusal(OperatorError e, std::string m) : error(e), message(std::move(m)) {}
};

constexpr std::pair<Recovery, const char*> kRecoveryNames[] = {
    {Recovery::RestartProcess, "restart-process"},
    {Recovery::RestartGroup, "restart-group"},
    {Recovery::OutOfService, "out-of-service"},
};

} // namespace

const char* toString(Recovery r)
{
    for (const auto& [recovery, name] : kRecoveryNames)
        if (r == recovery)
            return name;
    return "?";
}

std::optional<Recovery> recoveryFromString(const std::string& s)
{
    for (const auto& [recovery, name] : kRecoveryNames)
        if (s == name)
            return recovery;
    return std::nullopt;
}

const char* toString(OperatorError e)
{
    switch (e) {
    case OperatorError::None: return "none";
    case OperatorError::NoSuchGroup: return "no-such-group";
    case OperatorError::InvalidState: return "invalid-state";
    case OperatorError::StaleIncarnation: return "stale-incarnation";
    case OperatorError::InvalidArgument: return "invalid-argument";
    }
    return "?";
}

// The commands share their look-up and their error for unknown groups.
template <typename Command>
OperatorResult Engine::onGroup(const std::string& name, Command command)
{
    OperatorResult res;
    GroupRuntime* g = group(name);
    if (!g)
        return {OperatorError::NoSuchGroup, "no group named '" + name + "'", {}};
    if (Refusal refusal = command(*g, res.actions); refusal.error != OperatorError::None) {
        if (refusal.error == OperatorError::InvalidState)
            refusal.message = "group '" + name + "' is " + refusal.message;
        return {refusal.error, refusal.message, {}};
    }
    res.actions.push_back(GroupUpdated{name});
    reconcile(res.actions);
    return res;
}

// An operator's online or restart also acknowledges a spent ladder. A group
// brought back from a hold gets fresh restart budgets, as `pcs resource
// cleanup` gives: the operator says the cause is dealt with, and the first
// fault after that should not take the group straight out again. Its last
// fault stays shown until reset-failed.
void Engine::release(GroupRuntime& g, Actions& out)
{
    if (g.held || g.state == GroupState::Offline)
        clearRestartCounters(g);
    g.held = false;
    g.holdReason.clear();
    exhausted_ = false;
    dirty_ = true;
    out.push_back(ManagerUpdated{});
}

// Offline of an offline group and online of a group in service succeed and
// do nothing, as stopping a stopped unit does: a script may repeat them.
OperatorResult Engine::offline(const std::string& name)
{
    if (const GroupRuntime* g = group(name); g && g->state == GroupState::Offline)
        return {OperatorError::None, "already offline", {}};
    return onGroup(name, [&](GroupRuntime& g, Actions& out) -> Refusal {
        transition(g, GroupState::Offline, "operator request", out, Actor::Operator);
        g.stopDeadline.reset();
        stopGroupMembers(g, out);
        takeDependentsOutOfService(g, out);
        return {};
    });
}

OperatorResult Engine::online(const std::string& name)
{
    if (const GroupRuntime* g = group(name); g && g->state != GroupState::Offline && !g->held)
        return {OperatorError::None, "already online", {}};
    return onGroup(name, [&](GroupRuntime& g, Actions& out) -> Refusal {
        release(g, out);
        // The journal line says at once why the group does not start.
        const std::vector<Wait> blockers = startBlockers(*this, g);
        const std::string reason =
            blockers.empty() ? "operator request" : "operator request; waits for " + describe(blockers);
        transition(g, GroupState::Unavailable, reason, out, Actor::Operator);
        return {};
    });
}

OperatorResult Engine::restart(const std::string& name)
{
    return onGroup(name, [&](GroupRuntime& g, Actions& out) -> Refusal {
        if (g.state == GroupState::Offline)
            return "offline; bring it online first";
        release(g, out);
        if (isUp(g.state)) {
            if (isRunning(g.state) && !decidedByCluster(*config_, *g.spec))
                g.runTarget = g.state;
            transition(g, GroupState::Init, "operator request", out, Actor::Operator);
            restartGroupMembers(g, out);
        }
        return {};
    });
}

OperatorResult Engine::restartMember(const std::string& name, const std::string& unit)
{
    return onGroup(name, [&](GroupRuntime& g, Actions& out) -> Refusal {
        auto m = std::find_if(g.members.begin(), g.members.end(),
                              [&](const MemberRuntime& r) { return r.spec->name == unit; });
        if (m == g.members.end())
            return {OperatorError::InvalidArgument, unit + " is not a member of group " + name};
        if (!isUp(g.state))
            return std::string(toString(g.state)) + "; a member restarts only while its group runs";
        if (isColdStandby(g))
            return "a cold standby; its members do not run until it is activated";
        if (m->phase == MemberPhase::Stopping)
            return unit + " is being stopped";
        // The operator's restart, not a fault: nothing is counted, and a
        // member that does not become ready in time is a fault as usual.
        m->phase = MemberPhase::Starting;
        m->restartCountedAt.reset();
        if (!g.activationDeadline)
            g.activationDeadline = clock_.monotonic() + g.spec->activationTimeout;
        out.push_back(askJob<RestartUnit>(*m));
        out.push_back(GroupUpdated{name});
        return {};
    });
}

OperatorResult Engine::resetFailed(const std::string& name)
{
    return onGroup(name, [&](GroupRuntime& g, Actions&) -> Refusal {
        clearRestartCounters(g);
        g.lastFault.clear();
        g.lastFaultAt.reset();
        dirty_ = true;
        return {};
    });
}

void Engine::clearRestartCounters(GroupRuntime& g)
{
    for (MemberRuntime& m : g.members)
        m.restarts.clear();
    g.groupRestarts.clear();
    dirty_ = true;
}

OperatorResult Engine::resetFailedAll()
{
    OperatorResult res;
    for (const GroupRuntime& g : groups_) {
        OperatorResult one = resetFailed(g.spec->name);
        res.actions.insert(res.actions.end(), one.actions.begin(), one.actions.end());
    }
    reboots_.clear();
    hostReinits_.clear();
    exhausted_ = false;
    dirty_ = true;
    res.actions.push_back(ManagerUpdated{});
    reconcile(res.actions);
    return res;
}

// Activating a half by hand beside the arbiter could make two halves active.
static const char* const kDecidedByCluster =
    "paired across the cluster, which decides which half is active; switch it over instead (pgmctl switchover)";

OperatorResult Engine::activate(const std::string& name)
{
    return onGroup(name, [&](GroupRuntime& g, Actions& out) -> Refusal {
        if (g.spec->role == Role::None)
            return "not paired (no Role=); only paired groups switch between standby and active";
        if (decidedByCluster(*config_, *g.spec))
            return kDecidedByCluster;
        if (g.state != GroupState::Standby)
            return std::string(toString(g.state)) + "; only a standby group can be activated";
        if (g.requested == GroupState::Active)
            return "standby and already asked to become active";
        switchToActive(g, "activated by operator", Actor::Operator, out);
        return {};
    });
}

OperatorResult Engine::deactivate(const std::string& name)
{
    return onGroup(name, [&](GroupRuntime& g, Actions& out) -> Refusal {
        if (g.spec->role == Role::None)
            return "not paired (no Role=); only paired groups switch between active and standby";
        if (decidedByCluster(*config_, *g.spec))
            return kDecidedByCluster;
        if (g.state != GroupState::Active)
            return std::string(toString(g.state)) + "; only an active group can be switched to standby";
        if (g.requested == GroupState::Standby)
            return "active and already asked to become standby";
        switchToStandby(g, "deactivated by operator", out);
        return {};
    });
}

void Engine::switchToActive(GroupRuntime& g, const std::string& reason, Actor actor, Actions& out)
{
    const bool cold = isColdStandby(g);
    g.runTarget = GroupState::Active;
    if (cold) {
        // Its processes do not run yet: start them like a group start,
        // as a new incarnation (an answer from earlier processes is stale).
        transition(g, GroupState::Init, reason, out, actor);
        g.incarnation = nextIncarnation(g.incarnation);
        for (MemberRuntime& m : g.members) {
            m.phase = MemberPhase::Starting;
            out.push_back(askJob<StartUnit>(m));
        }
        g.activationDeadline = clock_.monotonic() + g.spec->activationTimeout;
        return;
    }
    becomeRunning(g, GroupState::Active, reason, out);
}

void Engine::switchToStandby(GroupRuntime& g, const std::string& reason, Actions& out)
{
    g.runTarget = GroupState::Standby;
    if (g.spec->standby == StandbyKind::Cold) {
        // A cold standby runs nothing.
        transition(g, GroupState::Standby, reason, out);
        // Its members must be seen to stop (in a pair, before the mate
        // takes over): one that hangs escalates as on any other path.
        stopGroupMembers(g, out);
        return;
    }
    becomeRunning(g, GroupState::Standby, reason, out);
}

OperatorResult Engine::acknowledge(const std::string& name, GroupState state, std::uint64_t incarnation)
{
    return onGroup(name, [&](GroupRuntime& g, Actions& out) -> Refusal {
        if (!g.requested)
            return std::string(toString(g.state)) + " and no acknowledgement is awaited";
        if (*g.requested != state)
            return std::string("asked to become ") + toString(*g.requested) + ", not " + toString(state);
        if (incarnation != g.incarnation)
            return {OperatorError::StaleIncarnation,
                    "incarnation " + std::to_string(incarnation) + " of group '" + name +
                        "' is not the current one (" + std::to_string(g.incarnation) + ")"};
        const GroupState target = *g.requested;
        transition(g, target, "acknowledged by the application", out);
        if (quiescent(g))
            g.activationDeadline.reset();
        return {};
    });
}

OperatorResult Engine::reportFault(const std::string& name, Recovery recovery, const std::string& unit,
                                   const std::string& reason)
{
    return onGroup(name, [&](GroupRuntime& g, Actions& out) -> Refusal {
        if (!isUp(g.state))
            return std::string(toString(g.state)) + "; only a running group can report a fault";
        const std::string why = "application reported: " + reason;
        switch (recovery) {
        case Recovery::RestartProcess: {
            auto m = std::find_if(g.members.begin(), g.members.end(),
                                  [&](const MemberRuntime& mr) { return mr.spec->name == unit; });
            if (m == g.members.end())
                return {OperatorError::InvalidArgument,
                        "'" + unit + "' is not a member of group '" + name + "'"};
            memberFault(g, *m, why, out);
            break;
        }
        case Recovery::RestartGroup:
            setFault(g, why);
            if (g.spec->layer == Layer::System)
                systemFailure(g, why, out);
            else
                groupFault(g, why, out);
            break;
        case Recovery::OutOfService:
            setFault(g, why);
            escalateByLayer(g, why, out);
            break;
        }
        return {};
    });
}

} // namespace pgmd
