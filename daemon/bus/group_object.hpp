#pragma once
// /org/pgmd1/group/<escaped name>, interface org.pgmd1.Group. Properties are
// read from the StateSource when asked; the methods are root-only operator
// actions forwarded to it.

#include "state_source.hpp"

#include <pgmd1_group_adaptor.h>
#include <sdbus-c++/sdbus-c++.h>

#include <string>

namespace pgmd {

class GroupObject final : public sdbus::AdaptorInterfaces<org::pgmd1::Group_adaptor> {
public:
    GroupObject(sdbus::IConnection& connection, StateSource& source, std::string name);
    ~GroupObject();

    // PropertiesChanged with the new values of every property that can change.
    void emitPropertiesChanged();

private:
    void Offline() override;
    void Online() override;
    void Restart() override;

    std::string Name() override;
    std::string Layer() override;
    std::string State() override;
    std::string Role() override;
    std::vector<std::string> Units() override;
    std::string Slice() override;
    std::vector<std::string> DependsOn() override;
    std::vector<std::string> Resources() override;
    std::uint32_t ProcessRestarts() override;
    std::uint32_t ProcessRestartBurst() override;
    std::uint32_t GroupRestarts() override;
    std::uint32_t GroupRestartBurst() override;
    std::string LastFault() override;
    std::uint64_t Incarnation() override;
    bool Held() override;
    std::string HoldReason() override;

    GroupInfo info() const;

    StateSource& source_;
    const std::string name_;
};

} // namespace pgmd
