#include "group_object.hpp"

#include "bus_errors.hpp"
#include "object_paths.hpp"

#include <utility>

namespace pgmd {

GroupObject::GroupObject(sdbus::IConnection& connection, StateSource& source, std::string name)
    : AdaptorInterfaces(connection, groupObjectPath(name))
    , source_(source)
    , name_(std::move(name))
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

GroupInfo GroupObject::info() const
{
    std::optional<GroupInfo> g = source_.group(name_);
    if (!g)
        throwNoSuchGroup(name_);
    return std::move(*g);
}

void GroupObject::Offline()
{
    requireRootCaller(getObject());
    throwIfFailed(source_.offline(name_));
}

void GroupObject::Online()
{
    requireRootCaller(getObject());
    throwIfFailed(source_.online(name_));
}

void GroupObject::Restart()
{
    requireRootCaller(getObject());
    throwIfFailed(source_.restart(name_));
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

} // namespace pgmd
