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

// Higher layers run only on a complete lower layer (seed 003: the application
// layer is runnable only when every platform group is): a lower-layer group
// that is not running holds them back unless an operator took it offline.
inline bool blocksHigherLayers(GroupState s)
{
    return !isRunning(s) && s != GroupState::Offline;
}

// A group down, or kept down, shows what would keep it from starting
// (waiting_for.hpp); one on its way up or running does not.
inline bool showsStartBlockers(const GroupRuntime& g)
{
    return g.state == GroupState::Unavailable || g.state == GroupState::Offline;
}

// What a group needs before it starts: each DependsOn= group running, each
// resource healthy (a null pointer is one the configuration does not have).
inline bool dependencyMet(const GroupRuntime* dependency)
{
    return dependency && isRunning(dependency->state);
}

inline bool resourceMet(const ResourceRuntime* resource)
{
    return resource && resource->health == ResourceHealth::Ok;
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

// With [Cluster], the pair arbiter decides which half of a clustered group
// runs active (Engine::setRunTarget); without it, pairs are switched by hand.
inline bool decidedByCluster(const Config& config, const GroupSpec& spec)
{
    return config.cluster.has_value() && spec.redundancy != Redundancy::None;
}

// A half the cluster decides starts standby: the arbiter activates it.
inline GroupState initialRunState(const Config& config, const GroupSpec& spec)
{
    return decidedByCluster(config, spec) ? GroupState::Standby : initialRunState(spec);
}

// A cold standby is not started until it is activated.
inline bool isColdStandby(const GroupRuntime& g)
{
    return g.runTarget == GroupState::Standby && g.spec->standby == StandbyKind::Cold;
}

} // namespace pgmd
