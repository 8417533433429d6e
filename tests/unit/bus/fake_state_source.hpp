#pragma once
// A StateSource the tests control: groups and manager data they set, the
// operator calls it received, and the answer it gives to them. Thread-safe:
// the bus server reads it from its event-loop thread.

#include "bus/state_source.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace pgmd::test {

struct OperatorCall {
    std::string op;  // "offline", "online" or "restart"
    std::string group;
    friend bool operator==(const OperatorCall&, const OperatorCall&) = default;
};

class FakeStateSource final : public StateSource {
public:
    void addGroup(const GroupInfo& g);
    void setManager(const ManagerInfo& m);
    // Changes a group in place (it must exist).
    void updateGroup(const std::string& name, const std::function<void(GroupInfo&)>& change);
    // What the next operator calls return.
    void answerWith(const OpResult& r);
    std::vector<OperatorCall> calls() const;

    std::vector<std::string> groupNames() const override;
    std::optional<GroupInfo> group(const std::string& name) const override;
    ManagerInfo manager() const override;
    OpResult offline(const std::string& group) override;
    OpResult online(const std::string& group) override;
    OpResult restart(const std::string& group) override;

private:
    OpResult record(const char* op, const std::string& group);

    mutable std::mutex mutex_;
    std::vector<std::string> order_;
    std::map<std::string, GroupInfo> groups_;
    ManagerInfo manager_;
    OpResult answer_;
    std::vector<OperatorCall> calls_;
};

} // namespace pgmd::test
