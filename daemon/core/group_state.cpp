#include "group_state.hpp"

#include <array>

namespace pgmd {

namespace {

struct Edge {
    GroupState from;
    GroupState to;
    Actor by;
};

// Seed 003 FIG. 2, with restarts made explicit: a running group that is
// restarted goes back through init. Offline belongs to the operator alone.
constexpr std::array kEdges{
    Edge{GroupState::Unavailable, GroupState::Init, Actor::Manager},
    Edge{GroupState::Init, GroupState::Active, Actor::Manager},
    Edge{GroupState::Init, GroupState::Standby, Actor::Manager},
    Edge{GroupState::Init, GroupState::Unavailable, Actor::Manager},
    Edge{GroupState::Standby, GroupState::Active, Actor::Manager},
    Edge{GroupState::Active, GroupState::Standby, Actor::Manager},
    Edge{GroupState::Active, GroupState::Unavailable, Actor::Manager},
    Edge{GroupState::Standby, GroupState::Unavailable, Actor::Manager},
    Edge{GroupState::Active, GroupState::Init, Actor::Manager},
    Edge{GroupState::Standby, GroupState::Init, Actor::Manager},
    Edge{GroupState::Unavailable, GroupState::Offline, Actor::Operator},
    Edge{GroupState::Init, GroupState::Offline, Actor::Operator},
    Edge{GroupState::Standby, GroupState::Offline, Actor::Operator},
    Edge{GroupState::Active, GroupState::Offline, Actor::Operator},
    Edge{GroupState::Offline, GroupState::Unavailable, Actor::Operator},
};

constexpr std::array kStateNames{"unavailable", "init", "standby", "active", "offline"};

} // namespace

bool transitionAllowed(GroupState from, GroupState to, Actor actor)
{
    for (const Edge& e : kEdges) {
        if (e.from != from || e.to != to)
            continue;
        // An operator may also do what the manager may (e.g. restart a group).
        return e.by == actor || actor == Actor::Operator;
    }
    return false;
}

bool isRunning(GroupState s)
{
    return s == GroupState::Active || s == GroupState::Standby;
}

const char* toString(GroupState s)
{
    return kStateNames[static_cast<std::size_t>(s)];
}

std::optional<GroupState> groupStateFromString(const std::string& name)
{
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
        if (name == kStateNames[i])
            return static_cast<GroupState>(i);
    return std::nullopt;
}

const char* toString(EscalationStep step)
{
    switch (step) {
    case EscalationStep::RestartProcess: return "restart-process";
    case EscalationStep::RestartGroup: return "restart-group";
    case EscalationStep::OutOfService: return "out-of-service";
    case EscalationStep::ReinitHost: return "reinit-host";
    case EscalationStep::Reboot: return "reboot";
    case EscalationStep::Exhausted: return "exhausted";
    case EscalationStep::ReinitResource: return "reinit-resource";
    }
    return "?";
}

} // namespace pgmd
