#include "fake_state_source.hpp"

#include <algorithm>
#include <utility>

namespace pgmd::test {

void FakeStateSource::addGroup(const GroupInfo& g)
{
    std::lock_guard lock(mutex_);
    if (groups_.count(g.name) == 0)
        order_.push_back(g.name);
    groups_[g.name] = g;
}

void FakeStateSource::removeGroup(const std::string& name)
{
    std::lock_guard lock(mutex_);
    groups_.erase(name);
    order_.erase(std::remove(order_.begin(), order_.end(), name), order_.end());
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

void FakeStateSource::setConfigErrors(const std::vector<std::string>& errors)
{
    std::lock_guard lock(mutex_);
    configErrors_ = errors;
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
    return record({"offline", group});
}

OpResult FakeStateSource::online(const std::string& group)
{
    return record({"online", group});
}

OpResult FakeStateSource::restart(const std::string& group)
{
    return record({"restart", group});
}

OpResult FakeStateSource::resetFailed(const std::string& group)
{
    return record({"resetFailed", group});
}

OpResult FakeStateSource::activate(const std::string& group)
{
    return record({"activate", group});
}

OpResult FakeStateSource::deactivate(const std::string& group)
{
    return record({"deactivate", group});
}

OpResult FakeStateSource::acknowledge(const std::string& group, const std::string& state, std::uint64_t incarnation)
{
    return record({"acknowledge", group, {state, std::to_string(incarnation)}});
}

OpResult FakeStateSource::reportFault(const std::string& group, const std::string& recovery,
                                      const std::string& unit, const std::string& reason)
{
    return record({"reportFault", group, {recovery, unit, reason}});
}

OpResult FakeStateSource::reload()
{
    return record({"reload", ""});
}

std::vector<std::string> FakeStateSource::checkConfig()
{
    std::lock_guard lock(mutex_);
    calls_.push_back({"checkConfig", ""});
    return configErrors_;
}

OpResult FakeStateSource::resetFailedAll()
{
    return record({"resetFailedAll", ""});
}

OpResult FakeStateSource::record(OperatorCall call)
{
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(call));
    return answer_;
}

} // namespace pgmd::test
