#include "fake_state_source.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace pgmd::test {

namespace {

// What pgmd's source would give for `wanted`: those fields, the rest at their
// defaults, so that a property that asks for the wrong field reads nothing.
GroupInfo onlyFields(const GroupInfo& all, GroupFields wanted)
{
    using Copy = void (*)(const GroupInfo&, GroupInfo&);
    static constexpr std::pair<GroupField, Copy> kCopies[] = {
        {GroupField::Name, [](const GroupInfo& f, GroupInfo& t) { t.name = f.name; }},
        {GroupField::Layer, [](const GroupInfo& f, GroupInfo& t) { t.layer = f.layer; }},
        {GroupField::State, [](const GroupInfo& f, GroupInfo& t) { t.state = f.state; }},
        {GroupField::Role, [](const GroupInfo& f, GroupInfo& t) { t.role = f.role; }},
        {GroupField::Units, [](const GroupInfo& f, GroupInfo& t) { t.units = f.units; }},
        {GroupField::Slice, [](const GroupInfo& f, GroupInfo& t) { t.slice = f.slice; }},
        {GroupField::DependsOn, [](const GroupInfo& f, GroupInfo& t) { t.dependsOn = f.dependsOn; }},
        {GroupField::Resources, [](const GroupInfo& f, GroupInfo& t) { t.resources = f.resources; }},
        {GroupField::ProcessRestarts, [](const GroupInfo& f, GroupInfo& t) { t.processRestarts = f.processRestarts; }},
        {GroupField::ProcessRestartBurst,
         [](const GroupInfo& f, GroupInfo& t) { t.processRestartBurst = f.processRestartBurst; }},
        {GroupField::GroupRestarts, [](const GroupInfo& f, GroupInfo& t) { t.groupRestarts = f.groupRestarts; }},
        {GroupField::GroupRestartBurst,
         [](const GroupInfo& f, GroupInfo& t) { t.groupRestartBurst = f.groupRestartBurst; }},
        {GroupField::LastFault, [](const GroupInfo& f, GroupInfo& t) { t.lastFault = f.lastFault; }},
        {GroupField::Incarnation, [](const GroupInfo& f, GroupInfo& t) { t.incarnation = f.incarnation; }},
        {GroupField::Held, [](const GroupInfo& f, GroupInfo& t) { t.held = f.held; }},
        {GroupField::HoldReason, [](const GroupInfo& f, GroupInfo& t) { t.holdReason = f.holdReason; }},
        {GroupField::Description, [](const GroupInfo& f, GroupInfo& t) { t.description = f.description; }},
        {GroupField::Members, [](const GroupInfo& f, GroupInfo& t) { t.members = f.members; }},
        {GroupField::ProcessRestartInterval,
         [](const GroupInfo& f, GroupInfo& t) { t.processRestartIntervalUsec = f.processRestartIntervalUsec; }},
        {GroupField::GroupRestartInterval,
         [](const GroupInfo& f, GroupInfo& t) { t.groupRestartIntervalUsec = f.groupRestartIntervalUsec; }},
        {GroupField::ActivationTimeout,
         [](const GroupInfo& f, GroupInfo& t) { t.activationTimeoutUsec = f.activationTimeoutUsec; }},
        {GroupField::Handshake, [](const GroupInfo& f, GroupInfo& t) { t.handshake = f.handshake; }},
        {GroupField::Standby, [](const GroupInfo& f, GroupInfo& t) { t.standby = f.standby; }},
        {GroupField::RequestedState, [](const GroupInfo& f, GroupInfo& t) { t.requestedState = f.requestedState; }},
        {GroupField::RequestedIncarnation,
         [](const GroupInfo& f, GroupInfo& t) { t.requestedIncarnation = f.requestedIncarnation; }},
        {GroupField::StateChangeTimestamp,
         [](const GroupInfo& f, GroupInfo& t) { t.stateChangeTimestampUsec = f.stateChangeTimestampUsec; }},
        {GroupField::LastFaultTimestamp,
         [](const GroupInfo& f, GroupInfo& t) { t.lastFaultTimestampUsec = f.lastFaultTimestampUsec; }},
        {GroupField::RecentSteps, [](const GroupInfo& f, GroupInfo& t) { t.recentSteps = f.recentSteps; }},
        {GroupField::WaitingFor, [](const GroupInfo& f, GroupInfo& t) { t.waitingFor = f.waitingFor; }},
        {GroupField::Redundancy, [](const GroupInfo& f, GroupInfo& t) { t.redundancy = f.redundancy; }},
        {GroupField::ClusterNodes, [](const GroupInfo& f, GroupInfo& t) { t.clusterNodes = f.clusterNodes; }},
        {GroupField::Owners, [](const GroupInfo& f, GroupInfo& t) { t.owners = f.owners; }},
        {GroupField::Lead, [](const GroupInfo& f, GroupInfo& t) { t.lead = f.lead; }},
        {GroupField::Mate, [](const GroupInfo& f, GroupInfo& t) { t.mate = f.mate; }},
        {GroupField::MateState, [](const GroupInfo& f, GroupInfo& t) { t.mateState = f.mateState; }},
    };
    static_assert(std::size(kCopies) == kGroupFieldCount, "every GroupField needs its copy");
    GroupInfo some;
    for (const auto& [field, copy] : kCopies)
        if (wanted.has(field))
            copy(all, some);
    return some;
}

} // namespace

void FakeStateSource::addGroup(const GroupInfo& g)
{
    std::lock_guard lock(mutex_);
    if (groups_.count(g.name) == 0)
        order_.push_back(g.name);
    groups_[g.name] = g;
}

void FakeStateSource::removeGroup(const std::string& name)
{
    std::lock_guard lock(mutex_);
    groups_.erase(name);
    order_.erase(std::remove(order_.begin(), order_.end(), name), order_.end());
}

void FakeStateSource::setManager(const ManagerInfo& m)
{
    std::lock_guard lock(mutex_);
    manager_ = m;
}

void FakeStateSource::addResource(const ResourceInfo& r)
{
    std::lock_guard lock(mutex_);
    if (resources_.count(r.name) == 0)
        resourceOrder_.push_back(r.name);
    resources_[r.name] = r;
}

void FakeStateSource::removeResource(const std::string& name)
{
    std::lock_guard lock(mutex_);
    resources_.erase(name);
    resourceOrder_.erase(std::remove(resourceOrder_.begin(), resourceOrder_.end(), name), resourceOrder_.end());
}

void FakeStateSource::updateResource(const std::string& name, const std::function<void(ResourceInfo&)>& change)
{
    std::lock_guard lock(mutex_);
    change(resources_.at(name));
}

std::vector<std::string> FakeStateSource::resourceNames() const
{
    std::lock_guard lock(mutex_);
    return resourceOrder_;
}

std::optional<ResourceInfo> FakeStateSource::resource(const std::string& name) const
{
    std::lock_guard lock(mutex_);
    auto it = resources_.find(name);
    if (it == resources_.end())
        return std::nullopt;
    return it->second;
}

void FakeStateSource::updateGroup(const std::string& name, const std::function<void(GroupInfo&)>& change)
{
    std::lock_guard lock(mutex_);
    change(groups_.at(name));
}

void FakeStateSource::answerWith(const OpResult& r)
{
    std::lock_guard lock(mutex_);
    answer_ = r;
}

void FakeStateSource::setConfigErrors(const std::vector<std::string>& errors)
{
    std::lock_guard lock(mutex_);
    configErrors_ = errors;
}

std::vector<OperatorCall> FakeStateSource::calls() const
{
    std::lock_guard lock(mutex_);
    return calls_;
}

std::vector<std::string> FakeStateSource::groupNames() const
{
    std::lock_guard lock(mutex_);
    return order_;
}

std::vector<GroupFields> FakeStateSource::groupReads() const
{
    std::lock_guard lock(mutex_);
    return groupReads_;
}

void FakeStateSource::clearGroupReads()
{
    std::lock_guard lock(mutex_);
    groupReads_.clear();
}

std::optional<GroupInfo> FakeStateSource::group(const std::string& name, GroupFields wanted) const
{
    std::lock_guard lock(mutex_);
    groupReads_.push_back(wanted);
    auto it = groups_.find(name);
    if (it == groups_.end())
        return std::nullopt;
    return onlyFields(it->second, wanted);
}

ManagerInfo FakeStateSource::manager() const
{
    std::lock_guard lock(mutex_);
    return manager_;
}

OpResult FakeStateSource::offline(const std::string& group)
{
    return record({"offline", group});
}

OpResult FakeStateSource::online(const std::string& group)
{
    return record({"online", group});
}

OpResult FakeStateSource::restartMember(const std::string& group, const std::string& unit)
{
    return record({"restartMember", group, {unit}});
}

OpResult FakeStateSource::restart(const std::string& group)
{
    return record({"restart", group});
}

OpResult FakeStateSource::resetFailed(const std::string& group)
{
    return record({"resetFailed", group});
}

OpResult FakeStateSource::activate(const std::string& group)
{
    return record({"activate", group});
}

OpResult FakeStateSource::deactivate(const std::string& group)
{
    return record({"deactivate", group});
}

OpResult FakeStateSource::acknowledge(const std::string& group, const std::string& state, std::uint64_t incarnation)
{
    return record({"acknowledge", group, {state, std::to_string(incarnation)}});
}

OpResult FakeStateSource::reportFault(const std::string& group, const std::string& recovery,
                                      const std::string& unit, const std::string& reason)
{
    return record({"reportFault", group, {recovery, unit, reason}});
}

OpResult FakeStateSource::reload()
{
    return record({"reload", ""});
}

std::vector<std::string> FakeStateSource::checkConfig()
{
    std::lock_guard lock(mutex_);
    calls_.push_back({"checkConfig", ""});
    return configErrors_;
}

OpResult FakeStateSource::resetFailedAll()
{
    return record({"resetFailedAll", ""});
}

OpResult FakeStateSource::record(OperatorCall call)
{
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(call));
    return answer_;
}

} // namespace pgmd::test

namespace pgmd::test {

void FakeStateSource::setPairKey(const std::string& group, const PairKeyInfo& key)
{
    std::lock_guard lock(mutex_);
    pairKeys_[group] = key;
}

PairKeyInfo FakeStateSource::pairKey(const std::string& group) const
{
    std::lock_guard lock(mutex_);
    auto it = pairKeys_.find(group);
    return it == pairKeys_.end() ? PairKeyInfo{} : it->second;
}

} // namespace pgmd::test
