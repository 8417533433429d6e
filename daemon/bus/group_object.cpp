#include "group_object.hpp"

#include "access_control.hpp"
#include "bus_errors.hpp"
#include "call_arguments.hpp"
#include "object_paths.hpp"

#include <utility>

namespace pgmd {

GroupIdentity identityOf(const GroupInfo& info)
{
    return {info.layer, info.slice, info.units};
}

namespace {

GroupIdentity currentIdentity(const StateSource& source, const std::string& name)
{
    const std::optional<GroupInfo> g = source.group(name);
    return g ? identityOf(*g) : GroupIdentity{};
}

} // namespace

GroupObject::GroupObject(sdbus::IConnection& connection, StateSource& source, AccessControl& access,
                         std::string name)
    : AdaptorInterfaces(connection, groupObjectPath(name))
    , source_(source)
    , access_(access)
    , name_(std::move(name))
    , identity_(currentIdentity(source, name_))
{
    registerAdaptor();
}

GroupObject::~GroupObject()
{
    unregisterAdaptor();
}

void GroupObject::emitPropertiesChanged()
{
    // Without names sd-bus sends every property not annotated "const".
    getObject().emitPropertiesChangedSignal(org::pgmd1::Group_adaptor::INTERFACE_NAME);
}

void GroupObject::announceAdded()
{
    getObject().emitInterfacesAddedSignal();
}

void GroupObject::announceRemoved()
{
    getObject().emitInterfacesRemovedSignal();
}

GroupInfo GroupObject::info() const
{
    std::optional<GroupInfo> g = source_.group(name_);
    if (!g)
        throwNoSuchGroup(name_);
    return std::move(*g);
}

void GroupObject::operatorAction(const char* method, OpResult (StateSource::*action)(const std::string&))
{
    access_.requireOperator(getObject(), method);
    throwIfFailed((source_.*action)(name_));
}

void GroupObject::Offline() { operatorAction("Offline", &StateSource::offline); }
void GroupObject::Online() { operatorAction("Online", &StateSource::online); }
void GroupObject::Restart() { operatorAction("Restart", &StateSource::restart); }
void GroupObject::ResetFailed() { operatorAction("ResetFailed", &StateSource::resetFailed); }
void GroupObject::Activate() { operatorAction("Activate", &StateSource::activate); }
void GroupObject::Deactivate() { operatorAction("Deactivate", &StateSource::deactivate); }

void GroupObject::Acknowledge(const std::string& state, const uint64_t& incarnation)
{
    const GroupInfo g = info();
    access_.requireOperatorOrMember(getObject(), "Acknowledge", name_, g.units);
    checkAcknowledgedState(state);
    throwIfFailed(source_.acknowledge(name_, state, incarnation));
}

void GroupObject::ReportFault(const std::string& recovery, const std::string& unit, const std::string& reason)
{
    const GroupInfo g = info();
    const GroupCaller caller = access_.requireOperatorOrMember(getObject(), "ReportFault", name_, g.units);
    const std::string target = faultTarget(g, recovery, unit, caller.unit);
    throwIfFailed(source_.reportFault(name_, recovery, target, reason));
}

std::string GroupObject::Name() { return info().name; }
std::string GroupObject::Layer() { return info().layer; }
std::string GroupObject::State() { return info().state; }
std::string GroupObject::Role() { return info().role; }
std::vector<std::string> GroupObject::Units() { return info().units; }
std::string GroupObject::Slice() { return info().slice; }
std::vector<std::string> GroupObject::DependsOn() { return info().dependsOn; }
std::vector<std::string> GroupObject::Resources() { return info().resources; }
std::uint32_t GroupObject::ProcessRestarts() { return info().processRestarts; }
std::uint32_t GroupObject::ProcessRestartBurst() { return info().processRestartBurst; }
std::uint32_t GroupObject::GroupRestarts() { return info().groupRestarts; }
std::uint32_t GroupObject::GroupRestartBurst() { return info().groupRestartBurst; }
std::string GroupObject::LastFault() { return info().lastFault; }
std::uint64_t GroupObject::Incarnation() { return info().incarnation; }
bool GroupObject::Held() { return info().held; }
std::string GroupObject::HoldReason() { return info().holdReason; }
std::string GroupObject::Description() { return info().description; }
std::uint64_t GroupObject::ProcessRestartIntervalUSec() { return info().processRestartIntervalUsec; }
std::uint64_t GroupObject::GroupRestartIntervalUSec() { return info().groupRestartIntervalUsec; }
std::uint64_t GroupObject::ActivationTimeoutUSec() { return info().activationTimeoutUsec; }
std::string GroupObject::Handshake() { return info().handshake; }
std::string GroupObject::Standby() { return info().standby; }
std::string GroupObject::RequestedState() { return info().requestedState; }
std::uint64_t GroupObject::RequestedIncarnation() { return info().requestedIncarnation; }
std::uint64_t GroupObject::StateChangeTimestamp() { return info().stateChangeTimestampUsec; }
std::uint64_t GroupObject::LastFaultTimestamp() { return info().lastFaultTimestampUsec; }

std::vector<sdbus::Struct<std::string, std::string, std::string, std::uint32_t>> GroupObject::Members()
{
    std::vector<sdbus::Struct<std::string, std::string, std::string, std::uint32_t>> rows;
    for (const MemberInfo& m : info().members)
        rows.emplace_back(m.unit, m.activeState, m.subState, m.mainPid);
    return rows;
}

std::vector<sdbus::Struct<std::uint64_t, std::string, std::string>> GroupObject::RecentSteps()
{
    std::vector<sdbus::Struct<std::uint64_t, std::string, std::string>> rows;
    for (const StepInfo& s : info().recentSteps)
        rows.emplace_back(s.timestampUsec, s.step, s.reason);
    return rows;
}

} // namespace pgmd
