#include "bus_server.hpp"

#include "group_object.hpp"
#include "manager_object.hpp"
#include "object_paths.hpp"

namespace pgmd {

BusServer::BusServer(sdbus::IConnection& conn, StateSource& source)
    : manager_(std::make_unique<ManagerObject>(conn, source))
{
    for (const std::string& name : source.groupNames())
        groups_.emplace(name, std::make_unique<GroupObject>(conn, source, name));
}

BusServer::~BusServer() = default;

std::string BusServer::groupPath(const std::string& name)
{
    return groupObjectPath(name);
}

void BusServer::groupChanged(const std::string& name)
{
    auto it = groups_.find(name);
    if (it != groups_.end())
        it->second->emitPropertiesChanged();
}

void BusServer::managerChanged()
{
    manager_->emitPropertiesChanged();
}

void BusServer::emitGroupStateChanged(const std::string& group, const std::string& from,
                                      const std::string& to, const std::string& reason)
{
    manager_->emitGroupStateChanged(group, from, to, reason);
}

void BusServer::emitEscalationStep(const std::string& group, const std::string& step,
                                   const std::string& reason)
{
    manager_->emitEscalationStep(group, step, reason);
}

} // namespace pgmd
