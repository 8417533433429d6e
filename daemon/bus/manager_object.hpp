#pragma once
// /org/pgmd1, interface org.pgmd1.Manager (plus the ObjectManager interface,
// so one GetManagedObjects call returns every group). Every property is read
// from the StateSource when asked, so nothing can go stale.

#include "state_source.hpp"

#include <pgmd1_manager_adaptor.h>
#include <sdbus-c++/sdbus-c++.h>

#include <string>
#include <tuple>
#include <vector>

namespace pgmd {

class RequestGate;
class InterestTracker;

class ManagerObject final
    : public sdbus::AdaptorInterfaces<org::pgmd1::Manager_adaptor, sdbus::ObjectManager_adaptor> {
public:
    ManagerObject(sdbus::IConnection& connection, StateSource source, RequestGate& gate,
                  InterestTracker& interests);
    ~ManagerObject();

    // PropertiesChanged with the new values of every property that can change.
    void emitPropertiesChanged();
    // PropertiesChanged with Groups alone, after groups came or went.
    void emitGroupsChanged();
    // The same for Resources.
    void emitResourcesChanged();

    // GroupBorn / GroupDied to one client only. Throws sdbus::Error if sending fails.
    void sendGroupBorn(const std::string& client, const std::string& group, std::uint64_t incarnation);
    void sendGroupDied(const std::string& client, const std::string& group, std::uint64_t incarnation,
                       const std::string& reason);

private:
    std::vector<sdbus::Struct<std::string, std::string, std::string, std::string, std::uint64_t,
                              sdbus::ObjectPath>>
    ListGroups() override;
    sdbus::ObjectPath GetGroup(const std::string& name) override;
    std::vector<sdbus::Struct<std::string, std::string, std::string, std::string, std::uint32_t, sdbus::ObjectPath>>
    ListResources() override;
    sdbus::ObjectPath GetResource(const std::string& name) override;
    std::tuple<std::string, uint64_t> GetKey(const std::string& group) override;
    void RegisterInterest(const std::string& group) override;
    void UnregisterInterest(const std::string& group) override;
    void Reload() override;
    std::vector<std::string> CheckConfig() override;
    void ResetFailed() override;

    std::string NodeName() override;
    std::vector<sdbus::ObjectPath> Groups() override;
    std::vector<sdbus::ObjectPath> Resources() override;
    std::uint32_t RebootCount() override;
    std::uint64_t TotalReboots() override;
    std::uint32_t RebootBurst() override;
    bool EscalationExhausted() override;
    std::uint64_t RebootIntervalUSec() override;
    std::uint32_t HostReinitCount() override;
    std::uint32_t HostReinitBurst() override;
    std::string Version() override;
    std::string ConfigDirectory() override;
    std::uint64_t ConfigLoadedTimestamp() override;
    bool ConfigStale() override;
    std::string ConfigStaleReason() override;

    // The unique name of the caller of the method being processed.
    std::string caller() const;
    void sendTo(const std::string& client, sdbus::Signal& signal);

    StateSource source_;
    RequestGate& gate_;
    InterestTracker& interests_;
};

} // namespace pgmd
