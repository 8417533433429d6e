#include "manager_object.hpp"

#include "bus_errors.hpp"
#include "bus_names.hpp"
#include "interest_tracker.hpp"
#include "request_gate.hpp"

namespace pgmd {

namespace {

// A key exists only while the group's processes run.
bool hasKey(const GroupInfo& g)
{
    return g.state == "active" || g.state == "standby";
}

} // namespace

ManagerObject::ManagerObject(sdbus::IConnection& connection, StateSource source, RequestGate& gate,
                             InterestTracker& interests)
    : AdaptorInterfaces(connection, busnames::kManagerPath)
    , source_(source)
    , gate_(gate)
    , interests_(interests)
{
    registerAdaptor();
}

ManagerObject::~ManagerObject()
{
    unregisterAdaptor();
}

void ManagerObject::emitPropertiesChanged()
{
    // Without names sd-bus sends every property not annotated "const".
    getObject().emitPropertiesChangedSignal(org::pgmd1::Manager_adaptor::INTERFACE_NAME);
}

void ManagerObject::emitGroupsChanged()
{
    getObject().emitPropertiesChangedSignal(org::pgmd1::Manager_adaptor::INTERFACE_NAME, {"Groups"});
}

void ManagerObject::emitResourcesChanged()
{
    getObject().emitPropertiesChangedSignal(org::pgmd1::Manager_adaptor::INTERFACE_NAME, {"Resources"});
}

void ManagerObject::sendTo(const std::string& client, sdbus::Signal& signal)
{
    signal.setDestination(client);
    getObject().emitSignal(signal);
}

void ManagerObject::sendGroupBorn(const std::string& client, const std::string& group, std::uint64_t incarnation)
{
    sdbus::Signal signal = getObject().createSignal(org::pgmd1::Manager_adaptor::INTERFACE_NAME, "GroupBorn");
    signal << group << incarnation;
    sendTo(client, signal);
}

void ManagerObject::sendGroupDied(const std::string& client, const std::string& group, std::uint64_t incarnation,
                                  const std::string& reason)
{
    sdbus::Signal signal = getObject().createSignal(org::pgmd1::Manager_adaptor::INTERFACE_NAME, "GroupDied");
    signal << group << incarnation << reason;
    sendTo(client, signal);
}

std::string ManagerObject::caller() const
{
    const sdbus::Message* call = getObject().getCurrentlyProcessedMessage();
    const std::string sender = call != nullptr ? call->getSender() : std::string();
    if (sender.empty())
        throwInvalidArgument("The caller has no bus name to send notifications to");
    return sender;
}

std::vector<sdbus::Struct<std::string, std::string, std::string, std::string, std::uint64_t,
                          sdbus::ObjectPath>>
ManagerObject::ListGroups()
{
    std::vector<sdbus::Struct<std::string, std::string, std::string, std::string, std::uint64_t,
                              sdbus::ObjectPath>>
        rows;
    for (const std::string& name : source_.view.groupNames()) {
        const std::optional<GroupInfo> g = source_.view.group(
            name, {GroupField::Name, GroupField::Layer, GroupField::State, GroupField::LastFault, GroupField::Incarnation});
        if (!g)
            continue;
        rows.emplace_back(g->name, g->layer, g->state, g->lastFault, g->incarnation,
                          sdbus::ObjectPath(busnames::groupObjectPath(g->name)));
    }
    return rows;
}

sdbus::ObjectPath ManagerObject::GetGroup(const std::string& name)
{
    if (!source_.view.group(name, GroupFields{}))
        throwNoSuchGroup(name);
    return sdbus::ObjectPath(busnames::groupObjectPath(name));
}

std::vector<sdbus::Struct<std::string, std::string, std::string, std::string, std::uint32_t, sdbus::ObjectPath>>
ManagerObject::ListResources()
{
    std::vector<sdbus::Struct<std::string, std::string, std::string, std::string, std::uint32_t, sdbus::ObjectPath>>
        rows;
    for (const std::string& name : source_.view.resourceNames()) {
        const std::optional<ResourceInfo> r = source_.view.resource(name);
        if (!r)
            continue;
        rows.emplace_back(r->name, r->kind, r->state, r->lastError, r->reinitCount,
                          sdbus::ObjectPath(busnames::resourceObjectPath(r->name)));
    }
    return rows;
}

sdbus::ObjectPath ManagerObject::GetResource(const std::string& name)
{
    if (!source_.view.resource(name))
        throwNoSuchResource(name);
    return sdbus::ObjectPath(busnames::resourceObjectPath(name));
}

std::tuple<std::string, uint64_t> ManagerObject::GetKey(const std::string& group)
{
    const std::optional<GroupInfo> g =
        source_.view.group(group, {GroupField::Name, GroupField::State, GroupField::Incarnation});
    if (!g)
        throwNoSuchGroup(group);
    // A paired group answers for the pair: the half active here, else the
    // one active elsewhere (Cluster.GetKey names its node). A standby's own
    // incarnation would name processes that serve no one.
    if (g->state != "active") {
        if (const PairKeyInfo pair = source_.view.pairKey(group); pair.paired) {
            if (pair.node.empty())
                throw sdbus::Error(busnames::kErrorNotAvailable,
                                   "Group '" + group + "' has no active half in the cluster as this node last heard "
                                   "(its half here is " + g->state + ")");
            return {g->name, pair.incarnation};
        }
    }
    if (!hasKey(*g))
        throw sdbus::Error(busnames::kErrorNotAvailable,
                           "Group '" + group + "' is " + g->state + "; it has a key only while active or standby");
    return {g->name, g->incarnation};
}

void ManagerObject::RegisterInterest(const std::string& group)
{
    interests_.registerInterest(caller(), group);
}

void ManagerObject::UnregisterInterest(const std::string& group)
{
    interests_.unregisterInterest(caller(), group);
}

void ManagerObject::Reload()
{
    gate_.operatorRequest(getObject(), {"Reload"}, [&] { throwIfFailed(source_.requests.reload()); });
}

std::vector<std::string> ManagerObject::CheckConfig()
{
    return source_.requests.checkConfig();
}

void ManagerObject::ResetFailed()
{
    gate_.operatorRequest(getObject(), {"ResetFailed"}, [&] { throwIfFailed(source_.requests.resetFailedAll()); });
}

std::string ManagerObject::NodeName() { return source_.view.manager().nodeName; }
std::uint32_t ManagerObject::RebootCount() { return source_.view.manager().rebootCount; }
std::uint64_t ManagerObject::TotalReboots() { return source_.view.manager().totalReboots; }
std::uint32_t ManagerObject::RebootBurst() { return source_.view.manager().rebootBurst; }
bool ManagerObject::EscalationExhausted() { return source_.view.manager().escalationExhausted; }
std::uint64_t ManagerObject::RebootIntervalUSec() { return source_.view.manager().rebootIntervalUsec; }
std::uint32_t ManagerObject::HostReinitCount() { return source_.view.manager().hostReinitCount; }
std::uint32_t ManagerObject::HostReinitBurst() { return source_.view.manager().hostReinitBurst; }
std::string ManagerObject::Version() { return source_.view.manager().version; }
std::string ManagerObject::ConfigDirectory() { return source_.view.manager().configDirectory; }
std::uint64_t ManagerObject::ConfigLoadedTimestamp() { return source_.view.manager().configLoadedTimestampUsec; }
bool ManagerObject::ConfigStale() { return source_.view.manager().configStale; }
std::string ManagerObject::ConfigStaleReason() { return source_.view.manager().configStaleReason; }

std::vector<sdbus::ObjectPath> ManagerObject::Groups()
{
    std::vector<sdbus::ObjectPath> paths;
    for (const std::string& name : source_.view.groupNames())
        paths.emplace_back(busnames::groupObjectPath(name));
    return paths;
}

std::vector<sdbus::ObjectPath> ManagerObject::Resources()
{
    std::vector<sdbus::ObjectPath> paths;
    for (const std::string& name : source_.view.resourceNames())
        paths.emplace_back(busnames::resourceObjectPath(name));
    return paths;
}

} // namespace pgmd
