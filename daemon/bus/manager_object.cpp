#include "manager_object.hpp"

#include "bus_errors.hpp"
#include "bus_names.hpp"
#include "object_paths.hpp"

namespace pgmd {

ManagerObject::ManagerObject(sdbus::IConnection& connection, StateSource& source)
    : AdaptorInterfaces(connection, busnames::kManagerPath)
    , source_(source)
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

std::vector<sdbus::Struct<std::string, std::string, std::string, std::string, std::uint64_t,
                          sdbus::ObjectPath>>
ManagerObject::ListGroups()
{
    std::vector<sdbus::Struct<std::string, std::string, std::string, std::string, std::uint64_t,
                              sdbus::ObjectPath>>
        rows;
    for (const std::string& name : source_.groupNames()) {
        const std::optional<GroupInfo> g = source_.group(name);
        if (!g)
            continue;
        rows.emplace_back(g->name, g->layer, g->state, g->lastFault, g->incarnation,
                          sdbus::ObjectPath(groupObjectPath(g->name)));
    }
    return rows;
}

sdbus::ObjectPath ManagerObject::GetGroup(const std::string& name)
{
    if (!source_.group(name))
        throwNoSuchGroup(name);
    return sdbus::ObjectPath(groupObjectPath(name));
}

std::string ManagerObject::NodeName()
{
    return source_.manager().nodeName;
}

std::vector<sdbus::ObjectPath> ManagerObject::Groups()
{
    std::vector<sdbus::ObjectPath> paths;
    for (const std::string& name : source_.groupNames())
        paths.emplace_back(groupObjectPath(name));
    return paths;
}

std::uint32_t ManagerObject::RebootCount()
{
    return source_.manager().rebootCount;
}

std::uint64_t ManagerObject::TotalReboots()
{
    return source_.manager().totalReboots;
}

std::uint32_t ManagerObject::RebootBurst()
{
    return source_.manager().rebootBurst;
}

bool ManagerObject::EscalationExhausted()
{
    return source_.manager().escalationExhausted;
}

} // namespace pgmd
