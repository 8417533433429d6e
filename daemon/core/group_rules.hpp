#pragma once
// Small rules about groups that the engine's parts share.

#include "engine.hpp"

namespace pgmd {

// Starting, or running as active or standby.
inline bool isUp(GroupState s)
{
    return s == GroupState::Init || isRunning(s);
}

// Primaries start active, alternates standby.
inline GroupState initialRunState(const GroupSpec& spec)
{
    return spec.role == Role::Alternate ? GroupState::Standby : GroupState::Active;
}

// A cold standby is not started until it is activated.
inline bool isColdStandby(const GroupRuntime& g)
{
    return g.runTarget == GroupState::Standby && g.spec->standby == StandbyKind::Cold;
}

} // namespace pgmd
