#pragma once
// pgmd's objects seen through the proxies generated from dbus/*.xml, so that
// a change to the interface that breaks pgmctl breaks its build first.

#include "watch_events.hpp"

#include <pgmd1_cluster_proxy.h>
#include <pgmd1_group_proxy.h>
#include <pgmd1_icd_proxy.h>
#include <pgmd1_manager_proxy.h>
#include <sdbus-c++/sdbus-c++.h>

#include <string>

namespace pgmctl {

// Receives the manager's broadcast signals while `pgmctl watch` runs.
class ManagerSignalSink {
public:
    virtual void onEvent(const WatchEvent& event) = 0;

protected:
    ~ManagerSignalSink() = default;
};

class ManagerProxy final : public sdbus::ProxyInterfaces<org::pgmd1::Manager_proxy> {
public:
    // Method calls only: no match rules are added until subscribe().
    explicit ManagerProxy(sdbus::IConnection& connection);
    ~ManagerProxy();

    // Adds match rules for the manager's signals and hands GroupStateChanged
    // and EscalationStep to `sink` whenever the connection is processed.
    void subscribe(ManagerSignalSink& sink);
    // Removes the match rules again; `sink` is not called any more.
    void unsubscribe();

private:
    void onGroupStateChanged(const std::string& group, const std::string& oldState, const std::string& newState,
                             const std::string& reason) override;
    void onEscalationStep(const std::string& group, const std::string& step, const std::string& reason) override;
    // Sent only to callers that called RegisterInterest: `pgmctl watch` does,
    // for Cluster.HalfBorn and HalfDied, and shows state changes instead.
    void onGroupBorn(const std::string& group, const std::uint64_t& incarnation) override;
    void onGroupDied(const std::string& group, const std::uint64_t& incarnation, const std::string& reason) override;

    ManagerSignalSink* sink_ = nullptr;
};

class GroupProxy final : public sdbus::ProxyInterfaces<org::pgmd1::Group_proxy> {
public:
    // Method calls only: this proxy is never registered for signals.
    GroupProxy(sdbus::IConnection& connection, const sdbus::ObjectPath& path);
    ~GroupProxy();

private:
    // `pgmctl watch` matches ActivationRequested on the whole path namespace
    // instead (it sees groups a reload adds), so this is never called.
    void onActivationRequested(const std::string& state, const std::uint64_t& incarnation) override;
};

class IcdProxy final : public sdbus::ProxyInterfaces<org::pgmd1::IndependentComputer_proxy> {
public:
    // Method calls only: this proxy is never registered for signals.
    explicit IcdProxy(sdbus::IConnection& connection);
    ~IcdProxy();

private:
    // `pgmctl watch` matches LinkStateChanged itself, next to the group
    // signals, so this is never called.
    void onLinkStateChanged(const std::string& state) override;
};

class ClusterProxy final : public sdbus::ProxyInterfaces<org::pgmd1::Cluster_proxy> {
public:
    // Method calls only: this proxy is never registered for signals.
    explicit ClusterProxy(sdbus::IConnection& connection);
    ~ClusterProxy();

private:
    // `pgmctl watch` and the switch-over's wait match these themselves (the
    // object may come and go with pgmd), so these are never called.
    void onFailover(const std::string& group, const std::string& fromNode, const std::string& toNode,
                    const std::string& reason) override;
    void onPairFrozen(const std::string& group, const bool& frozen, const std::string& reason) override;
    void onMembershipChanged(const std::string& node, const std::uint32_t& nodeId,
                             const std::string& reason) override;
    void onHalfBorn(const std::string& group, const std::string& node, const std::uint64_t& incarnation) override;
    void onHalfDied(const std::string& group, const std::string& node, const std::uint64_t& incarnation,
                    const std::string& reason) override;
    void onSwitchoverEnded(const std::string& group, const std::string& fromNode, const std::string& toNode,
                           const std::string& byNode, const std::string& outcome, const std::string& reason) override;
    void onPeerLost(const std::string& node, const std::string& verdict, const std::string& evidence) override;
    void onLinkDown(const std::string& node, const std::uint32_t& link, const std::string& cause) override;
    void onLinkUp(const std::string& node, const std::uint32_t& link) override;
};

} // namespace pgmctl
