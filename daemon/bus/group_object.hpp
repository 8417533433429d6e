#pragma once
// /org/pgmd1/group/<escaped name>, interface org.pgmd1.Group. Each property
// is read from the StateSource when asked, and only its own field: nothing is
// kept between reads, so no read can be stale. The methods check the caller
// and forward to the source.

#include "state_source.hpp"

#include <pgmd1_group_adaptor.h>
#include <sdbus-c++/sdbus-c++.h>

#include <string>
#include <vector>

namespace pgmd {

class RequestGate;

// What a group object's "const" properties showed when it was created.
// Clients may cache those, so a change needs a new object.
struct GroupIdentity {
    std::string layer, slice;
    std::vector<std::string> units;
    friend bool operator==(const GroupIdentity&, const GroupIdentity&) = default;
};

GroupIdentity identityOf(const GroupInfo& info);
// The fields identityOf reads.
inline constexpr GroupFields kIdentityFields{GroupField::Layer, GroupField::Slice, GroupField::Units};

class GroupObject final : public sdbus::AdaptorInterfaces<org::pgmd1::Group_adaptor> {
public:
    GroupObject(sdbus::IConnection& connection, StateSource source, RequestGate& gate, std::string name);
    ~GroupObject();

    const GroupIdentity& identity() const { return identity_; }

    // PropertiesChanged with the new values of every property that can change.
    void emitPropertiesChanged();
    // ObjectManager's InterfacesAdded / InterfacesRemoved for this object.
    void announceAdded();
    void announceRemoved();

private:
    void Offline() override;
    void Online() override;
    void Restart() override;
    void RestartMember(const std::string& unit) override;
    void ResetFailed() override;
    void Activate() override;
    void Deactivate() override;
    void Acknowledge(const std::string& state, const uint64_t& incarnation) override;
    void ReportFault(const std::string& recovery, const std::string& unit, const std::string& reason) override;

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
    std::string Description() override;
    std::vector<sdbus::Struct<std::string, std::string, std::string, std::uint32_t>> Members() override;
    std::uint64_t ProcessRestartIntervalUSec() override;
    std::uint64_t GroupRestartIntervalUSec() override;
    std::uint64_t ActivationTimeoutUSec() override;
    std::string Handshake() override;
    std::string Standby() override;
    std::string RequestedState() override;
    std::uint64_t RequestedIncarnation() override;
    std::uint64_t StateChangeTimestamp() override;
    std::uint64_t LastFaultTimestamp() override;
    std::vector<sdbus::Struct<std::uint64_t, std::string, std::string>> RecentSteps() override;
    std::vector<sdbus::Struct<std::string, std::string, std::string>> WaitingFor() override;
    std::string Redundancy() override;
    std::vector<std::string> ClusterNodes() override;
    std::vector<std::string> Owners() override;
    bool Lead() override;
    std::string Mate() override;
    std::string MateState() override;

    // The group with `wanted` filled in; NoSuchGroup once the source has none.
    GroupInfo read(GroupFields wanted) const;
    // Operator-only actions: through the gate, then forward.
    void operatorAction(const char* method, OpResult (OperatorRequests::*action)(const std::string&));

    StateSource source_;
    RequestGate& gate_;
    const std::string name_;
    const GroupIdentity identity_;
};

} // namespace pgmd
