// Applying a reloaded configuration to a running engine. Everything is matched
// by name: a group, member or resource that stays keeps its state, counters
// and pending work; what is new starts; what is gone is stopped and dropped.

#include "engine.hpp"

#include "group_rules.hpp"

#include <algorithm>
#include <iterator>

namespace pgmd {

namespace {

template <typename Runtime> auto takeByName(std::vector<Runtime>& from, const std::string& name)
{
    return std::find_if(from.begin(), from.end(), [&](const Runtime& r) { return r.spec && r.spec->name == name; });
}

void stopLeftovers(const std::vector<MemberRuntime>& members, Actions& out)
{
    for (const MemberRuntime& m : members)
        if (m.spec && m.phase != MemberPhase::Stopped)
            out.push_back(StopUnit{m.spec->name});
}

} // namespace

Actions Engine::reconfigure(const Config& next)
{
    // Stops go out before starts: a member that moved to another group is
    // stopped with its old group and then started with its new one.
    Actions out, starts;
    std::vector<GroupRuntime> previous = std::move(groups_);
    groups_.clear();
    groups_.reserve(next.groups.size());
    for (const GroupSpec& spec : next.groups) {
        GroupRuntime g;
        if (auto old = takeByName(previous, spec.name); old != previous.end()) {
            g = std::move(*old);
            old->spec = nullptr;
        } else {
            g.runTarget = initialRunState(next, spec);
        }
        g.spec = &spec;
        g.groupRestarts.setBudget(spec.groupRestarts);
        // A member that is new to a running group starts now.
        const bool membersRun = isUp(g.state) && !isColdStandby(g);
        std::vector<MemberRuntime> oldMembers = std::move(g.members);
        g.members.clear();
        for (const MemberSpec& ms : spec.members) {
            MemberRuntime m{&ms, MemberPhase::Stopped, RestartWindow(spec.processRestarts)};
            if (auto old = takeByName(oldMembers, ms.name); old != oldMembers.end()) {
                m.phase = old->phase;
                m.restartCountedAt = old->restartCountedAt;
                m.jobsInFlight = old->jobsInFlight;
                m.restarts = std::move(old->restarts);
                m.restarts.setBudget(spec.processRestarts);
                old->spec = nullptr;
            } else if (membersRun) {
                m.phase = MemberPhase::Starting;
                starts.push_back(askJob<StartUnit>(m));
                if (!g.activationDeadline)
                    g.activationDeadline = clock_.monotonic() + spec.activationTimeout;
            }
            g.members.push_back(std::move(m));
        }
        stopLeftovers(oldMembers, out);
        if (g.requested && spec.handshake == Handshake::None)
            transition(g, *g.requested, "handshake no longer configured", out);
        out.push_back(GroupUpdated{spec.name});
        groups_.push_back(std::move(g));
    }
    indexGroups();
    for (const GroupRuntime& gone : previous)
        if (gone.spec)
            stopLeftovers(gone.members, out);

    out.insert(out.end(), starts.begin(), starts.end());

    std::vector<ResourceRuntime> previousResources = std::move(resources_);
    resources_.clear();
    for (const ResourceSpec& spec : next.resources) {
        ResourceRuntime r;
        if (auto old = takeByName(previousResources, spec.name); old != previousResources.end()) {
            r = std::move(*old);
        } else if (booted_) {
            r.checkPending = true;
            out.push_back(CheckResource{spec.name});
        }
        r.spec = &spec;
        // Its settings, or the groups that use it, may have changed.
        out.push_back(ResourceUpdated{spec.name});
        resources_.push_back(std::move(r));
    }

    reboots_.setBudget(next.manager.reboots);
    hostReinits_.setBudget(next.manager.hostReinits);
    config_ = &next;
    dirty_ = true;
    out.push_back(ManagerUpdated{});
    // Groups whose members were just started are not quiescent; the rest may
    // now be startable (a new dependency order, a new group).
    for (GroupRuntime& g : groups_)
        checkActivation(g, out);
    reconcile(out);
    return out;
}

} // namespace pgmd
