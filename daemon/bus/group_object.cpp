#include "group_object.hpp"

#include "bus_errors.hpp"
#include "call_arguments.hpp"
#include "bus_names.hpp"
#include "request_gate.hpp"

#include <utility>

namespace pgmd {

GroupIdentity identityOf(const GroupInfo& info)
{
    return {info.layer, info.slice, info.units};
}

namespace {

GroupIdentity currentIdentity(const StateView& view, const std::string& name)
{
    const std::optional<GroupInfo> g = view.group(name, kIdentityFields);
    return g ? identityOf(*g) : GroupIdentity{};
}

} // namespace

GroupObject::GroupObject(sdbus::IConnection& connection, StateSource source, RequestGate& gate, std::string name)
    : AdaptorInterfaces(connection, busnames::groupObjectPath(name))
    , source_(source)
    , gate_(gate)
    , name_(std::move(name))
    , identity_(currentIdentity(source.view, name_))
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

GroupInfo GroupObject::read(GroupFields wanted) const
{
    std::optional<GroupInfo> g = source_.view.group(name_, wanted);
    if (!g)
        throwNoSuchGroup(name_);
    return std::move(*g);
}

void GroupObject::operatorAction(const char* method, OpResult (OperatorRequests::*action)(const std::string&))
{
    gate_.operatorRequest(getObject(), {method, name_}, [&] { throwIfFailed((source_.requests.*action)(name_)); });
}

void GroupObject::Offline() { operatorAction("Offline", &OperatorRequests::offline); }
void GroupObject::Online() { operatorAction("Online", &OperatorRequests::online); }
void GroupObject::Restart() { operatorAction("Restart", &OperatorRequests::restart); }
void GroupObject::RestartMember(const std::string& unit)
{
    gate_.operatorRequest(getObject(), {"RestartMember", name_, {{"unit", unit}}},
                          [&] { throwIfFailed(source_.requests.restartMember(name_, unit)); });
}
void GroupObject::ResetFailed() { operatorAction("ResetFailed", &OperatorRequests::resetFailed); }
void GroupObject::Activate() { operatorAction("Activate", &OperatorRequests::activate); }
void GroupObject::Deactivate() { operatorAction("Deactivate", &OperatorRequests::deactivate); }

void GroupObject::Acknowledge(const std::string& state, const uint64_t& incarnation)
{
    const BusRequest request{"Acknowledge", name_, {{"state", state}, {"incarnation", std::to_string(incarnation)}}};
    gate_.memberRequest(
        getObject(), request, [&] { return read(GroupField::Units).units; },
        [&](const GroupCaller&) {
            checkAcknowledgedState(state);
            throwIfFailed(source_.requests.acknowledge(name_, state, incarnation));
        });
}

void GroupObject::ReportFault(const std::string& recovery, const std::string& unit, const std::string& reason)
{
    const std::string kept = faultReason(reason);
    const BusRequest request{"ReportFault", name_, {{"recovery", recovery}, {"unit", unit}, {"reason", kept}}};
    GroupInfo g;
    gate_.memberRequest(
        getObject(), request,
        [&] {
            g = read({GroupField::Name, GroupField::Units});
            return g.units;
        },
        [&](const GroupCaller& caller) {
            const std::string target = faultTarget(g, recovery, unit, caller.unit);
            throwIfFailed(source_.requests.reportFault(name_, recovery, target, kept));
        });
}

std::string GroupObject::Name() { return read(GroupField::Name).name; }
std::string GroupObject::Layer() { return read(GroupField::Layer).layer; }
std::string GroupObject::State() { return read(GroupField::State).state; }
std::string GroupObject::Role() { return read(GroupField::Role).role; }
std::vector<std::string> GroupObject::Units() { return read(GroupField::Units).units; }
std::string GroupObject::Slice() { return read(GroupField::Slice).slice; }
std::vector<std::string> GroupObject::DependsOn() { return read(GroupField::DependsOn).dependsOn; }
std::vector<std::string> GroupObject::Resources() { return read(GroupField::Resources).resources; }
std::uint32_t GroupObject::ProcessRestarts() { return read(GroupField::ProcessRestarts).processRestarts; }
std::uint32_t GroupObject::ProcessRestartBurst() { return read(GroupField::ProcessRestartBurst).processRestartBurst; }
std::uint32_t GroupObject::GroupRestarts() { return read(GroupField::GroupRestarts).groupRestarts; }
std::uint32_t GroupObject::GroupRestartBurst() { return read(GroupField::GroupRestartBurst).groupRestartBurst; }
std::string GroupObject::LastFault() { return read(GroupField::LastFault).lastFault; }
std::uint64_t GroupObject::Incarnation() { return read(GroupField::Incarnation).incarnation; }
bool GroupObject::Held() { return read(GroupField::Held).held; }
std::string GroupObject::HoldReason() { return read(GroupField::HoldReason).holdReason; }
std::string GroupObject::Description() { return read(GroupField::Description).description; }
std::uint64_t GroupObject::ProcessRestartIntervalUSec()
{
    return read(GroupField::ProcessRestartInterval).processRestartIntervalUsec;
}
std::uint64_t GroupObject::GroupRestartIntervalUSec()
{
    return read(GroupField::GroupRestartInterval).groupRestartIntervalUsec;
}
std::uint64_t GroupObject::ActivationTimeoutUSec() { return read(GroupField::ActivationTimeout).activationTimeoutUsec; }
std::string GroupObject::Handshake() { return read(GroupField::Handshake).handshake; }
std::string GroupObject::Standby() { return read(GroupField::Standby).standby; }
std::string GroupObject::RequestedState() { return read(GroupField::RequestedState).requestedState; }
std::uint64_t GroupObject::RequestedIncarnation()
{
    return read(GroupField::RequestedIncarnation).requestedIncarnation;
}
std::uint64_t GroupObject::StateChangeTimestamp()
{
    return read(GroupField::StateChangeTimestamp).stateChangeTimestampUsec;
}
std::uint64_t GroupObject::LastFaultTimestamp() { return read(GroupField::LastFaultTimestamp).lastFaultTimestampUsec; }

std::vector<sdbus::Struct<std::string, std::string, std::string, std::uint32_t>> GroupObject::Members()
{
    std::vector<sdbus::Struct<std::string, std::string, std::string, std::uint32_t>> rows;
    for (const MemberInfo& m : read(GroupField::Members).members)
        rows.emplace_back(m.unit, m.activeState, m.subState, m.mainPid);
    return rows;
}

std::vector<sdbus::Struct<std::uint64_t, std::string, std::string>> GroupObject::RecentSteps()
{
    std::vector<sdbus::Struct<std::uint64_t, std::string, std::string>> rows;
    for (const StepInfo& s : read(GroupField::RecentSteps).recentSteps)
        rows.emplace_back(s.timestampUsec, s.step, s.reason);
    return rows;
}

std::vector<sdbus::Struct<std::string, std::string, std::string>> GroupObject::WaitingFor()
{
    std::vector<sdbus::Struct<std::string, std::string, std::string>> rows;
    for (const WaitInfo& w : read(GroupField::WaitingFor).waitingFor)
        rows.emplace_back(w.kind, w.name, w.detail);
    return rows;
}

std::string GroupObject::Redundancy() { return read(GroupField::Redundancy).redundancy; }
std::vector<std::string> GroupObject::ClusterNodes() { return read(GroupField::ClusterNodes).clusterNodes; }
std::vector<std::string> GroupObject::Owners() { return read(GroupField::Owners).owners; }
bool GroupObject::Lead() { return read(GroupField::Lead).lead; }
std::string GroupObject::Mate() { return read(GroupField::Mate).mate; }
std::string GroupObject::MateState() { return read(GroupField::MateState).mateState; }

} // namespace pgmd
