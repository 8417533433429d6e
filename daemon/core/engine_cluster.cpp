// The pair arbiter's decisions applied to this node's halves. Unlike an
// operator's activate or deactivate nothing is refused: the cluster has
// decided, and a half that cannot follow now follows when it can.

#include "engine.hpp"

#include "group_rules.hpp"

namespace pgmd {

Actions Engine::setRunTarget(const std::string& name, GroupState target, const std::string& reason)
{
    Actions out;
    GroupRuntime* g = group(name);
    if (!g || (target != GroupState::Active && target != GroupState::Standby))
        return out;
    changeRunTarget(*g, target, reason, out);
    out.push_back(GroupUpdated{name});
    reconcile(out);
    return out;
}

// Tells the application of a handshake group that what it was asked to
// become no longer holds: the group stays as it is.
static void withdrawRequest(GroupRuntime& g, Actions& out)
{
    g.requested.reset();
    out.push_back(RequestActivation{g.spec->name, g.state, g.incarnation});
}

void Engine::changeRunTarget(GroupRuntime& g, GroupState target, const std::string& reason, Actions& out)
{
    dirty_ = true;
    switch (g.state) {
    case GroupState::Standby:
        if (target == GroupState::Active && g.requested != GroupState::Active)
            switchToActive(g, reason, Actor::Manager, out);
        else if (target == GroupState::Standby && g.requested == GroupState::Active)
            withdrawRequest(g, out);
        g.runTarget = target;
        return;
    case GroupState::Active:
        if (target == GroupState::Standby && g.requested != GroupState::Standby)
            switchToStandby(g, reason, out);
        else if (target == GroupState::Active && g.requested == GroupState::Standby)
            withdrawRequest(g, out);
        g.runTarget = target;
        return;
    case GroupState::Init:
        // A cold standby being activated has its members starting: told
        // standby again, it stops them rather than becoming a standby that runs.
        if (target == GroupState::Standby && g.runTarget == GroupState::Active &&
            g.spec->standby == StandbyKind::Cold) {
            g.runTarget = target;
            transition(g, GroupState::Standby, reason, out);
            g.activationDeadline.reset();
            stopGroupMembers(g, out);
            return;
        }
        // Otherwise it becomes the target once its members are ready (checkActivation).
        g.runTarget = target;
        return;
    case GroupState::Unavailable:
    case GroupState::Offline:
        // Recorded for its next start (startGroup keeps a cluster's decision).
        g.runTarget = target;
        return;
    }
}

} // namespace pgmd
