#pragma once
// Client-side proxies for the tests, built from the generated proxy headers,
// recording every signal they receive. Signals arrive only while the test
// pumps the client connection (pumpUntil), so no second thread touches them.

#include <pgmd1_group_proxy.h>
#include <pgmd1_manager_proxy.h>
#include <pgmd1_resource_proxy.h>
#include <sdbus-c++/sdbus-c++.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace pgmd::test {

struct StateChangedSignal {
    std::string group, from, to, reason;
    friend bool operator==(const StateChangedSignal&, const StateChangedSignal&) = default;
};

struct EscalationSignal {
    std::string group, step, reason;
    friend bool operator==(const EscalationSignal&, const EscalationSignal&) = default;
};

struct PropertiesChangedSignal {
    std::string interface;
    std::map<std::string, sdbus::Variant> changed;
    std::vector<std::string> invalidated;
};

// GroupBorn (reason "") and GroupDied.
struct LifeSignal {
    std::string kind;  // "born" or "died"
    std::string group;
    std::uint64_t incarnation = 0;
    std::string reason;
    friend bool operator==(const LifeSignal&, const LifeSignal&) = default;
};

struct ObjectSignal {
    std::string kind;  // "added" or "removed"
    std::string path;
    std::vector<std::string> interfaces;
    friend bool operator==(const ObjectSignal&, const ObjectSignal&) = default;
};

struct ActivationSignal {
    std::string state;
    std::uint64_t incarnation = 0;
    friend bool operator==(const ActivationSignal&, const ActivationSignal&) = default;
};

class ManagerClient final
    : public sdbus::ProxyInterfaces<org::pgmd1::Manager_proxy, sdbus::Properties_proxy,
                                    sdbus::Introspectable_proxy, sdbus::ObjectManager_proxy,
                                    sdbus::Peer_proxy> {
public:
    ManagerClient(sdbus::IConnection& connection, const std::string& destination);
    ~ManagerClient();

    std::vector<StateChangedSignal> stateChanges;
    std::vector<EscalationSignal> escalations;
    std::vector<PropertiesChangedSignal> propertyChanges;
    std::vector<LifeSignal> lifeSignals;
    std::vector<ObjectSignal> objectSignals;

private:
    void onGroupStateChanged(const std::string& group, const std::string& oldState,
                             const std::string& newState, const std::string& reason) override;
    void onEscalationStep(const std::string& group, const std::string& step,
                          const std::string& reason) override;
    void onPropertiesChanged(const std::string& interface, const std::map<std::string, sdbus::Variant>& changed,
                             const std::vector<std::string>& invalidated) override;
    void onGroupBorn(const std::string& group, const uint64_t& incarnation) override;
    void onGroupDied(const std::string& group, const uint64_t& incarnation, const std::string& reason) override;
    void onInterfacesAdded(const sdbus::ObjectPath& path,
                           const std::map<std::string, std::map<std::string, sdbus::Variant>>& interfaces) override;
    void onInterfacesRemoved(const sdbus::ObjectPath& path, const std::vector<std::string>& interfaces) override;
};

class GroupClient final
    : public sdbus::ProxyInterfaces<org::pgmd1::Group_proxy, sdbus::Properties_proxy,
                                    sdbus::Introspectable_proxy> {
public:
    GroupClient(sdbus::IConnection& connection, const std::string& destination, const std::string& path);
    ~GroupClient();

    std::vector<PropertiesChangedSignal> propertyChanges;
    std::vector<ActivationSignal> activationRequests;

private:
    void onActivationRequested(const std::string& state, const uint64_t& incarnation) override;
    void onPropertiesChanged(const std::string& interface, const std::map<std::string, sdbus::Variant>& changed,
                             const std::vector<std::string>& invalidated) override;
};

class ResourceClient final
    : public sdbus::ProxyInterfaces<org::pgmd1::Resource_proxy, sdbus::Properties_proxy,
                                    sdbus::Introspectable_proxy> {
public:
    ResourceClient(sdbus::IConnection& connection, const std::string& destination, const std::string& path);
    ~ResourceClient();

    std::vector<PropertiesChangedSignal> propertyChanges;

private:
    void onPropertiesChanged(const std::string& interface, const std::map<std::string, sdbus::Variant>& changed,
                             const std::vector<std::string>& invalidated) override;
};

// Dispatches what arrived on `connection` until `done()` holds or the
// timeout passes; returns done().
bool pumpUntil(sdbus::IConnection& connection, const std::function<bool()>& done,
               std::chrono::milliseconds timeout = std::chrono::seconds(5));

} // namespace pgmd::test
