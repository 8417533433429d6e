#pragma once
// What the bus shows of the running pgmd (StateView), from
// the engine's state, the configuration and systemd's last word on each
// member. Reads only; a property read costs the one field it asks for.

#include "cluster_view.hpp"

#include "bus/state_source.hpp"

#include <functional>

#include <optional>
#include <string>
#include <vector>

namespace pgmd {

class CurrentConfig;
class Engine;
class SystemdClient;

class BusView final : public StateView {
public:
    BusView(const CurrentConfig& config, const Engine& engine, const SystemdClient& systemd);

    std::vector<std::string> groupNames() const override;  // configuration order
    using StateView::group;
    std::optional<GroupInfo> group(const std::string& name, GroupFields wanted) const override;
    ManagerInfo manager() const override;
    std::vector<std::string> resourceNames() const override;  // configuration order
    std::optional<ResourceInfo> resource(const std::string& name) const override;
    PairKeyInfo pairKey(const std::string& group) const override;

    // With [Cluster]: where a group's pair properties (Owners, Lead, Mate)
    // come from. Without it they stay empty.
    void showPairs(std::function<PairOfGroup(const std::string&)> pairOf) { pairOf_ = std::move(pairOf); }

private:
    PairOfGroup pairOf(const std::string& group) const { return pairOf_ ? pairOf_(group) : PairOfGroup{}; }

    const CurrentConfig& config_;
    const Engine& engine_;
    const SystemdClient& systemd_;
    std::function<PairOfGroup(const std::string&)> pairOf_;
};

} // namespace pgmd
