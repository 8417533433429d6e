#pragma once
// /org/pgmd1, interface org.pgmd1.Manager (plus the ObjectManager interface,
// so one GetManagedObjects call returns every group). Every property is read
// from the StateSource when asked, so nothing can go stale.

#include "state_source.hpp"

#include <pgmd1_manager_adaptor.h>
#include <sdbus-c++/sdbus-c++.h>

namespace pgmd {

class ManagerObject final
    : public sdbus::AdaptorInterfaces<org::pgmd1::Manager_adaptor, sdbus::ObjectManager_adaptor> {
public:
    ManagerObject(sdbus::IConnection& connection, StateSource& source);
    ~ManagerObject();

    // PropertiesChanged with the new values of every property that can change.
    void emitPropertiesChanged();

private:
    std::vector<sdbus::Struct<std::string, std::string, std::string, std::string, std::uint64_t,
                              sdbus::ObjectPath>>
    ListGroups() override;
    sdbus::ObjectPath GetGroup(const std::string& name) override;

    std::string NodeName() override;
    std::vector<sdbus::ObjectPath> Groups() override;
    std::uint32_t RebootCount() override;
    std::uint64_t TotalReboots() override;
    std::uint32_t RebootBurst() override;
    bool EscalationExhausted() override;

    StateSource& source_;
};

} // namespace pgmd
