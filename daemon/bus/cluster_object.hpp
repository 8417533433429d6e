#pragma once
// /org/pgmd1/cluster, interface org.pgmd1.Cluster (dbus/org.pgmd1.Cluster.xml):
// the cluster as a ClusterSource reports it, Switchover for operators
// through the RequestGate, and the cluster's signals.

#include "cluster_source.hpp"
#include "request_gate.hpp"

#include <pgmd1_cluster_adaptor.h>
#include <sdbus-c++/sdbus-c++.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

namespace pgmd {

class ClusterObject final : public sdbus::AdaptorInterfaces<org::pgmd1::Cluster_adaptor> {
public:
    ClusterObject(sdbus::IConnection& connection, RequestGate& gate, ClusterSource& source);
    ~ClusterObject();

    // PropertiesChanged for every property that may change.
    void propertiesChanged();
    void failover(const std::string& group, const std::string& from, const std::string& to,
                  const std::string& reason);
    void pairFrozen(const std::string& group, bool frozen, const std::string& why);
    void switchoverEnded(const std::string& group, const std::string& from, const std::string& to,
                         const std::string& by, const std::string& outcome, const std::string& reason);
    void membershipChanged(const std::string& node, std::uint32_t id, const std::string& reason);
    void peerLost(const std::string& node, const std::string& verdict, const std::string& evidence);
    void linkDown(const std::string& node, std::uint32_t link, const std::string& cause);
    void linkUp(const std::string& node, std::uint32_t link);
    // HalfBorn / HalfDied to each of `clients` and to no one else. Every
    // client is tried; the first failure to send is thrown afterwards.
    void sendHalfBorn(const std::vector<std::string>& clients, const std::string& group, const std::string& node,
                      std::uint64_t incarnation);
    void sendHalfDied(const std::vector<std::string>& clients, const std::string& group, const std::string& node,
                      std::uint64_t incarnation, const std::string& reason);

private:
    template <class Fill>
    void sendTo(const std::vector<std::string>& clients, const char* member, const Fill& fill);

    void Switchover(const std::string& group, const std::string& node) override;
    std::tuple<std::string, std::uint64_t> GetKey(const std::string& group) override;

    std::string LocalNode() override;
    std::uint32_t LocalNodeId() override;
    std::string GroupName() override;
    std::string Connection() override;
    bool Quorate() override;
    bool Synced() override;
    std::vector<sdbus::Struct<std::string, std::uint32_t, std::string, bool, bool, std::string>> Nodes() override;
    std::vector<sdbus::Struct<std::uint32_t, std::uint32_t, bool, bool>> Links() override;
    std::vector<sdbus::Struct<std::string, std::uint32_t, std::uint32_t, bool, std::string, std::string, std::string>>
    LinkStates() override;
    std::vector<sdbus::Struct<std::string, std::uint32_t, std::string, std::int32_t, bool, bool, std::string>>
    PeerVerdicts() override;
    std::vector<sdbus::Struct<std::string, std::uint32_t, std::uint8_t, std::string>> BoardViews() override;
    std::vector<sdbus::Struct<std::string, std::string, std::vector<std::string>, std::string,
                              std::vector<std::string>>>
    Pairs() override;
    std::vector<sdbus::Struct<std::string, std::string, std::string, bool, bool, bool, std::uint64_t>>
    Halves() override;
    std::vector<sdbus::Struct<std::string, std::string>> FrozenPairs() override;

    RequestGate& gate_;
    ClusterSource& source_;
};

} // namespace pgmd
