#include "pgmd_proxies.hpp"

#include "bus_names.hpp"

namespace pgmctl {

ManagerProxy::ManagerProxy(sdbus::IConnection& connection)
    : ProxyInterfaces(connection, bus::kService, bus::kManagerPath)
{
}

ManagerProxy::~ManagerProxy()
{
    unregisterProxy();
}

void ManagerProxy::subscribe(ManagerSignalSink& sink)
{
    sink_ = &sink;
    registerProxy();
}

void ManagerProxy::unsubscribe()
{
    unregisterProxy();
    sink_ = nullptr;
}

void ManagerProxy::onGroupStateChanged(const std::string& group, const std::string& oldState,
                                       const std::string& newState, const std::string& reason)
{
    if (sink_ != nullptr)
        sink_->onEvent(StateChanged{group, oldState, newState, reason});
}

void ManagerProxy::onEscalationStep(const std::string& group, const std::string& step, const std::string& reason)
{
    if (sink_ != nullptr)
        sink_->onEvent(EscalationStep{group, step, reason});
}

void ManagerProxy::onGroupBorn(const std::string&, const std::uint64_t&) {}

void ManagerProxy::onGroupDied(const std::string&, const std::uint64_t&, const std::string&) {}

GroupProxy::GroupProxy(sdbus::IConnection& connection, const sdbus::ObjectPath& path)
    : ProxyInterfaces(connection, bus::kService, path)
{
}

GroupProxy::~GroupProxy()
{
    unregisterProxy();
}

void GroupProxy::onActivationRequested(const std::string&, const std::uint64_t&) {}

IcdProxy::IcdProxy(sdbus::IConnection& connection)
    : ProxyInterfaces(connection, bus::kService, bus::kIcdPath)
{
}

IcdProxy::~IcdProxy()
{
    unregisterProxy();
}

void IcdProxy::onLinkStateChanged(const std::string&) {}

ClusterProxy::ClusterProxy(sdbus::IConnection& connection)
    : ProxyInterfaces(connection, bus::kService, bus::kClusterPath)
{
}

ClusterProxy::~ClusterProxy()
{
    unregisterProxy();
}

void ClusterProxy::onFailover(const std::string&, const std::string&, const std::string&, const std::string&) {}

void ClusterProxy::onPairFrozen(const std::string&, const bool&, const std::string&) {}

void ClusterProxy::onMembershipChanged(const std::string&, const std::uint32_t&, const std::string&) {}
void ClusterProxy::onPeerLost(const std::string&, const std::string&, const std::string&) {}
void ClusterProxy::onLinkDown(const std::string&, const std::uint32_t&, const std::string&) {}
void ClusterProxy::onLinkUp(const std::string&, const std::uint32_t&) {}
void ClusterProxy::onHalfBorn(const std::string&, const std::string&, const std::uint64_t&) {}
void ClusterProxy::onHalfDied(const std::string&, const std::string&, const std::uint64_t&, const std::string&) {}
void ClusterProxy::onSwitchoverEnded(const std::string&, const std::string&, const std::string&, const std::string&,
                                     const std::string&, const std::string&)
{
}

} // namespace pgmctl
