#pragma once
// A StateSource the tests control: groups and manager data they set, the
// operator calls it received (with their arguments), and the answer it gives
// to them. Like pgmd's own source it fills only the fields a reader asks
// for, and it records what each group read asked for. Thread-safe: the bus
// server reads it from its event-loop thread.

#include "../support/recording_audit.hpp"

#include "bus/state_source.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace pgmd::test {

struct OperatorCall {
    std::string op;  // the StateSource method, e.g. "offline", "acknowledge", "reload"
    std::string group;  // "" for manager-wide calls
    std::vector<std::string> args{};  // the other arguments, as text
    friend bool operator==(const OperatorCall&, const OperatorCall&) = default;
};

class FakeStateSource final : public StateView, public OperatorRequests {
public:
    void addGroup(const GroupInfo& g);
    void removeGroup(const std::string& name);
    void setManager(const ManagerInfo& m);
    void addResource(const ResourceInfo& r);
    void removeResource(const std::string& name);
    // Changes a resource in place (it must exist).
    void updateResource(const std::string& name, const std::function<void(ResourceInfo&)>& change);
    // Changes a group in place (it must exist).
    void updateGroup(const std::string& name, const std::function<void(GroupInfo&)>& change);
    // What the next operator calls return.
    void answerWith(const OpResult& r);
    void setConfigErrors(const std::vector<std::string>& errors);
    // What pairKey() answers for `group` (unpaired until set).
    void setPairKey(const std::string& group, const PairKeyInfo& key);
    std::vector<OperatorCall> calls() const;
    // The fields each group read asked for, oldest first, and forgetting them.
    std::vector<GroupFields> groupReads() const;
    void clearGroupReads();
    // Every side, as the bus layer takes them.
    StateSource both() { return {*this, *this, audit}; }

    // What the bus reported to the audit trail.
    RecordingAudit audit;

    std::vector<std::string> groupNames() const override;
    using StateView::group;
    std::optional<GroupInfo> group(const std::string& name, GroupFields wanted) const override;
    ManagerInfo manager() const override;
    std::vector<std::string> resourceNames() const override;
    std::optional<ResourceInfo> resource(const std::string& name) const override;
    PairKeyInfo pairKey(const std::string& group) const override;
    OpResult offline(const std::string& group) override;
    OpResult online(const std::string& group) override;
    OpResult restart(const std::string& group) override;
    OpResult restartMember(const std::string& group, const std::string& unit) override;
    OpResult resetFailed(const std::string& group) override;
    OpResult activate(const std::string& group) override;
    OpResult deactivate(const std::string& group) override;
    OpResult acknowledge(const std::string& group, const std::string& state, std::uint64_t incarnation) override;
    OpResult reportFault(const std::string& group, const std::string& recovery, const std::string& unit,
                         const std::string& reason) override;
    OpResult reload() override;
    std::vector<std::string> checkConfig() override;
    OpResult resetFailedAll() override;

private:
    OpResult record(OperatorCall call);

    mutable std::mutex mutex_;
    std::vector<std::string> order_;
    std::map<std::string, GroupInfo> groups_;
    std::map<std::string, PairKeyInfo> pairKeys_;
    ManagerInfo manager_;
    std::vector<std::string> resourceOrder_;
    std::map<std::string, ResourceInfo> resources_;
    OpResult answer_;
    std::vector<std::string> configErrors_;
    std::vector<OperatorCall> calls_;
    mutable std::vector<GroupFields> groupReads_;
};

} // namespace pgmd::test
