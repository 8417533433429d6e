#include "group_wait.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace pgmctl {

namespace {

bool runningAndInService(const GroupStatus& g)
{
    return isRunning(g) && !g.held;
}

bool inState(const GroupStatus& g, const char* state)
{
    return g.state == state && !g.held;
}

const MemberStatus* memberNamed(const GroupStatus& g, const std::string& unit)
{
    auto it = std::find_if(g.members.begin(), g.members.end(), [&](const MemberStatus& m) { return m.unit == unit; });
    return it == g.members.end() ? nullptr : &*it;
}

// The simple goals: a state the group is to reach, whatever it was before.
WaitGoal stateGoal(std::string description, std::function<bool(const GroupStatus&)> reached)
{
    return {std::move(description),
            [reached = std::move(reached)](const GroupStatus&, const GroupStatus& now, const WaitHistory&) {
                return reached(now);
            },
            serviceFailure, ""};
}

} // namespace

GroupWait::GroupWait(WaitGoal goal, GroupStatus before)
    : goal_(std::move(goal))
    , before_(std::move(before))
{
}

WaitVerdict GroupWait::observe(const GroupStatus& now)
{
    // Offline is where online starts from, and PropertiesChanged of other
    // properties may still show it after the call: only a state the group
    // reaches through unavailable counts as having left it.
    if (now.state == "init" || isRunning(now))
        history_.leftUnavailable = true;
    if (!now.held)
        history_.sawUnheld = true;
    if (!goal_.member.empty())
        if (const MemberStatus* m = memberNamed(now, goal_.member); m && m->activeState != "active")
            history_.memberLeftActive = true;
    if (!goal_.pairOwner.empty())
        if (auto half = halfStateAsSeen(now, goal_.pairOwner, goal_.localNode); half && *half != "active")
            history_.ownerLeftActive = true;
    return judge(now);
}

WaitVerdict GroupWait::observePair(const PairEvent& event, const GroupStatus& now)
{
    switch (event.kind) {
    case PairEvent::Kind::Failover: history_.failover = event; break;
    case PairEvent::Kind::Frozen: history_.frozen = event.reason; break;
    case PairEvent::Kind::Thawed: history_.frozen.reset(); break;
    case PairEvent::Kind::SwitchoverEnded: history_.switchoversEnded.push_back(event); break;
    }
    return judge(now);
}

WaitVerdict GroupWait::judge(const GroupStatus& now) const
{
    if (std::optional<std::string> why = goal_.failed(before_, now, history_))
        return {WaitOutcome::Failed, *why};
    if (goal_.reached(before_, now, history_))
        return {WaitOutcome::Reached, ""};
    return {};
}

std::optional<std::string> serviceFailure(const GroupStatus& before, const GroupStatus& now, const WaitHistory& history)
{
    const bool newFault = now.lastFaultTimestampUsec > before.lastFaultTimestampUsec && !now.lastFault.empty();
    // Held before the call and not yet released is the old hold, which the
    // call (online, restart) is about to lift.
    const bool newHold = now.held && (!before.held || history.sawUnheld);
    if (newHold) {
        std::string why = now.holdReason.empty() ? "held out of service" : now.holdReason;
        return newFault && now.lastFault != why ? now.lastFault + "; " + why : why;
    }
    if (newFault)
        return now.lastFault;
    if (now.state == "unavailable" && history.leftUnavailable)
        return now.lastFault.empty() ? std::string("unavailable again") : "unavailable again: " + now.lastFault;
    return std::nullopt;
}

WaitGoal onlineGoal()
{
    return stateGoal("active or standby", runningAndInService);
}

WaitGoal restartGoal()
{
    return {"active or standby as a new incarnation",
            [](const GroupStatus& before, const GroupStatus& now, const WaitHistory&) {
                return now.incarnation > before.incarnation && runningAndInService(now);
            },
            serviceFailure, ""};
}

WaitGoal activateGoal()
{
    return stateGoal("active", [](const GroupStatus& g) { return inState(g, "active"); });
}

WaitGoal deactivateGoal()
{
    return stateGoal("standby", [](const GroupStatus& g) { return inState(g, "standby"); });
}

WaitGoal offlineGoal()
{
    return stateGoal("offline", [](const GroupStatus& g) { return g.state == "offline"; });
}

WaitGoal memberRestartGoal(const std::string& unit)
{
    return {unit + " active again",
            [unit](const GroupStatus& before, const GroupStatus& now, const WaitHistory& history) {
                const MemberStatus* was = memberNamed(before, unit);
                const MemberStatus* is = memberNamed(now, unit);
                if (is == nullptr || is->activeState != "active")
                    return false;
                // A member without a main process (or whose new one pgmd has
                // not announced yet) counts as restarted once seen in another
                // state and active again.
                const bool newPid = was != nullptr && was->mainPid != 0 && is->mainPid != 0 &&
                                    is->mainPid != was->mainPid;
                return newPid || history.memberLeftActive;
            },
            serviceFailure, unit};
}

std::optional<std::string> halfStateAsSeen(const GroupStatus& g, const std::string& node,
                                           const std::string& localNode)
{
    if (node == localNode)
        return g.held ? std::string("held") : g.state;
    if (!node.empty() && g.mate == node && !g.mateState.empty())
        return g.mateState;
    return std::nullopt;
}

namespace {

bool isOwner(const GroupStatus& g, const std::string& node)
{
    return std::find(g.owners.begin(), g.owners.end(), node) != g.owners.end();
}

std::string ownersText(const std::vector<std::string>& owners)
{
    std::string out;
    for (const std::string& o : owners)
        out += (out.empty() ? "" : ", ") + o;
    return out.empty() ? "no node" : out;
}

// SwitchoverEnded outcomes that end the wait as a failure, and how the
// failure line starts. "completed" is not among them: the goal decides.
const std::map<std::string, std::string> kSwitchoverFailures{
    {"refused", "switch-over refused"},
    {"abandoned", "switch-over abandoned"},
};

} // namespace

WaitGoal switchoverGoal(const std::string& localNode, const std::string& toNode, const GroupStatus& before)
{
    // A switch-over needs exactly one owner (pgmd refuses it otherwise).
    const std::string from = before.owners.size() == 1 ? before.owners.front() : std::string();
    auto movedAway = [from](const GroupStatus& now) { return !now.owners.empty() && !isOwner(now, from); };
    auto reached = [=](const GroupStatus&, const GroupStatus& now, const WaitHistory&) {
        if (!movedAway(now) || (!toNode.empty() && !isOwner(now, toNode)))
            return false;
        const std::string& to = toNode.empty() ? now.owners.front() : toNode;
        if (halfStateAsSeen(now, to, localNode) != std::optional<std::string>("active"))
            return false;
        return to == localNode || now.state != "active";
    };
    // This request's end, as pgmd says it: another request (asked elsewhere,
    // or before the call) ending says nothing of this one. A refusal that
    // found no single owner names none.
    auto thisRequest = [=](const PairEvent& e) {
        return e.byNode == localNode && e.toNode == toNode &&
               (from.empty() || e.fromNode.empty() || e.fromNode == from);
    };
    auto failed = [=](const GroupStatus& b, const GroupStatus& now,
                      const WaitHistory& history) -> std::optional<std::string> {
        for (const PairEvent& e : history.switchoversEnded)
            if (thisRequest(e))
                if (auto how = kSwitchoverFailures.find(e.outcome); how != kSwitchoverFailures.end())
                    return how->second + (e.reason.empty() ? std::string() : ": " + e.reason);
        if (history.frozen)
            return "the pair is frozen: " + *history.frozen;
        if (movedAway(now) && !toNode.empty() && !isOwner(now, toNode)) {
            std::string why = "the active half moved to " + ownersText(now.owners) + " instead of " + toNode;
            if (history.failover && !history.failover->reason.empty())
                why += " (" + history.failover->reason + ")";
            return why;
        }
        if (history.ownerLeftActive && isOwner(now, from) &&
            halfStateAsSeen(now, from, localNode) == std::optional<std::string>("active"))
            return "switch-over abandoned: " + from + "'s half is active again (" +
                   (history.failover && !history.failover->reason.empty() ? history.failover->reason
                                                                          : "no other half could take over") +
                   ")";
        return serviceFailure(b, now, history);
    };
    std::string description = toNode.empty() ? "switched over (another node's half active)"
                                              : "switched over (" + toNode + "'s half active)";
    WaitGoal goal{std::move(description), reached, failed, ""};
    goal.pairOwner = from;
    goal.localNode = localNode;
    return goal;
}

// pgmd gives a start ActivationTimeoutSec= and then declares a fault, which
// ends the wait as a failure: the wait only has to outlast pgmd's own
// deadline. The margin covers what comes before that deadline runs: stopping
// the old processes of a restart, a short wait for resources or for the
// groups it depends on. A group still not there after that is reported with
// what it waits for, which tells the operator more than waiting on would.
// An older pgmd without the property gets systemd's default job timeout.
std::chrono::microseconds defaultWaitTimeout(const GroupStatus& before)
{
    constexpr std::chrono::seconds kMargin{15};
    constexpr std::chrono::seconds kWithoutActivationTimeout{90};
    if (before.activationTimeoutUsec == 0)
        return kWithoutActivationTimeout;
    return std::chrono::microseconds(before.activationTimeoutUsec) + kMargin;
}

} // namespace pgmctl
