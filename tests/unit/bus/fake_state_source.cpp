#include "fake_state_source.hpp"

#include <stdexcept>

namespace pgmd::test {

void FakeStateSource::addGroup(const GroupInfo& g)
{
    std::lock_guard lock(mutex_);
    order_.push_back(g.name);
    groups_[g.name] = g;
}

void FakeStateSource::setManager(const ManagerInfo& m)
{
    std::lock_guard lock(mutex_);
    manager_ = m;
}

void FakeStateSource::updateGroup(const std::string& name, const std::function<void(GroupInfo&)>& change)
{
    std::lock_guard lock(mutex_);
    change(groups_.at(name));
}

void FakeStateSource::answerWith(const OpResult& r)
{
    std::lock_guard lock(mutex_);
    answer_ = r;
}

std::vector<OperatorCall> FakeStateSource::calls() const
{
    std::lock_guard lock(mutex_);
    return calls_;
}

std::vector<std::string> FakeStateSource::groupNames() const
{
    std::lock_guard lock(mutex_);
    return order_;
}

std::optional<GroupInfo> FakeStateSource::group(const std::string& name) const
{
    std::lock_guard lock(mutex_);
    auto it = groups_.find(name);
    if (it == groups_.end())
        return std::nullopt;
    return it->second;
}

ManagerInfo FakeStateSource::manager() const
{
    std::lock_guard lock(mutex_);
    return manager_;
}

OpResult FakeStateSource::offline(const std::string& group)
{
    return record("offline", group);
}

OpResult FakeStateSource::online(const std::string& group)
{
    return record("online", group);
}

OpResult FakeStateSource::restart(const std::string& group)
{
    return record("restart", group);
}

OpResult FakeStateSource::record(const char* op, const std::string& group)
{
    std::lock_guard lock(mutex_);
    calls_.push_back({op, group});
    return answer_;
}

} // namespace pgmd::test
