#include "bus_clients.hpp"

#include <algorithm>
#include <poll.h>
#include <utility>

namespace pgmd::test {

ManagerClient::ManagerClient(sdbus::IConnection& connection, const std::string& destination)
    : ProxyInterfaces(connection, destination, "/org/pgmd1")
{
    registerProxy();
}

ManagerClient::~ManagerClient()
{
    unregisterProxy();
}

void ManagerClient::onGroupStateChanged(const std::string& group, const std::string& oldState,
                                        const std::string& newState, const std::string& reason)
{
    stateChanges.push_back({group, oldState, newState, reason});
}

void ManagerClient::onEscalationStep(const std::string& group, const std::string& step,
                                     const std::string& reason)
{
    escalations.push_back({group, step, reason});
}

void ManagerClient::onPropertiesChanged(const std::string& interface,
                                        const std::map<std::string, sdbus::Variant>& changed,
                                        const std::vector<std::string>& invalidated)
{
    propertyChanges.push_back({interface, changed, invalidated});
}

void ManagerClient::onGroupBorn(const std::string& group, const uint64_t& incarnation)
{
    lifeSignals.push_back({"born", group, incarnation, ""});
}

void ManagerClient::onGroupDied(const std::string& group, const uint64_t& incarnation, const std::string& reason)
{
    lifeSignals.push_back({"died", group, incarnation, reason});
}

void ManagerClient::onInterfacesAdded(const sdbus::ObjectPath& path,
                                      const std::map<std::string, std::map<std::string, sdbus::Variant>>& interfaces)
{
    ObjectSignal s{"added", path, {}};
    for (const auto& entry : interfaces)
        s.interfaces.push_back(entry.first);
    objectSignals.push_back(std::move(s));
}

void ManagerClient::onInterfacesRemoved(const sdbus::ObjectPath& path, const std::vector<std::string>& interfaces)
{
    objectSignals.push_back({"removed", path, interfaces});
}

GroupClient::GroupClient(sdbus::IConnection& connection, const std::string& destination, const std::string& path)
    : ProxyInterfaces(connection, destination, path)
{
    registerProxy();
}

GroupClient::~GroupClient()
{
    unregisterProxy();
}

ResourceClient::ResourceClient(sdbus::IConnection& connection, const std::string& destination,
                               const std::string& path)
    : ProxyInterfaces(connection, destination, path)
{
    registerProxy();
}

ResourceClient::~ResourceClient()
{
    unregisterProxy();
}

void ResourceClient::onPropertiesChanged(const std::string& interface,
                                         const std::map<std::string, sdbus::Variant>& changed,
                                         const std::vector<std::string>& invalidated)
{
    propertyChanges.push_back({interface, changed, invalidated});
}

void GroupClient::onPropertiesChanged(const std::string& interface,
                                      const std::map<std::string, sdbus::Variant>& changed,
                                      const std::vector<std::string>& invalidated)
{
    propertyChanges.push_back({interface, changed, invalidated});
}

void GroupClient::onActivationRequested(const std::string& state, const uint64_t& incarnation)
{
    activationRequests.push_back({state, incarnation});
}

bool pumpUntil(sdbus::IConnection& connection, const std::function<bool()>& done,
               std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        while (connection.processPendingRequest()) {
        }
        if (done())
            return true;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        const sdbus::IConnection::PollData data = connection.getEventLoopPollData();
        int wait = static_cast<int>(left.count());
        if (const int busWait = data.getPollTimeout(); busWait >= 0)
            wait = std::min(wait, busWait);
        pollfd pfd{data.fd, data.events, 0};
        poll(&pfd, 1, wait);
    }
}

} // namespace pgmd::test
