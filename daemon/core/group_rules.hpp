#pragma once
// Small rules about groups that the engine's parts share.

#include "engine.hpp"

#include <cstdint>

namespace pgmd {

// Starting, or running as active or standby.
inline bool isUp(GroupState s)
{
    return s == GroupState::Init || isRunning(s);
}

// Every start of a group is a new incarnation, and a key quoting an old one
// must never match again. After 2^64-1 it wraps to 1: 0 means "never started"
// to clients, and a restored counter at the limit must not stop the group.
inline std::uint64_t nextIncarnation(std::uint64_t current)
{
    return current == UINT64_MAX ? 1 : current + 1;
}

// A job for a member: each ends in exactly one Engine::onJobFinished, so the
// member counts them (MemberRuntime::jobsInFlight).
template <typename Job> Job askJob(MemberRuntime& m)
{
    ++m.jobsInFlight;
    return Job{m.spec->name};
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
