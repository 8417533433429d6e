#include "interest_registry.hpp"

#include <utility>

namespace pgmd {

InterestRegistry::InterestRegistry(GroupExists groupExists, std::size_t maxGroupsPerClient)
    : groupExists_(std::move(groupExists))
    , maxGroupsPerClient_(maxGroupsPerClient)
{
}

Registration InterestRegistry::add(const std::string& client, const std::string& group)
{
    auto it = groupsByClient_.find(client);
    if (it != groupsByClient_.end() && it->second.count(group) != 0)
        return Registration::AlreadyRegistered;
    if (!groupExists_(group))
        return Registration::NoSuchGroup;
    if (it != groupsByClient_.end() && it->second.size() >= maxGroupsPerClient_)
        return Registration::LimitsExceeded;

    const bool firstGroup = it == groupsByClient_.end();
    groupsByClient_[client].insert(group);
    clientsByGroup_[group].insert(client);
    return firstGroup ? Registration::Added : Registration::AddedAnother;
}

bool InterestRegistry::remove(const std::string& client, const std::string& group)
{
    auto it = groupsByClient_.find(client);
    if (it == groupsByClient_.end() || it->second.erase(group) == 0)
        return false;

    auto byGroup = clientsByGroup_.find(group);
    byGroup->second.erase(client);
    if (byGroup->second.empty())
        clientsByGroup_.erase(byGroup);

    if (!it->second.empty())
        return false;
    groupsByClient_.erase(it);
    return true;
}

bool InterestRegistry::removeClient(const std::string& client)
{
    auto it = groupsByClient_.find(client);
    if (it == groupsByClient_.end())
        return false;
    for (const std::string& group : it->second) {
        auto byGroup = clientsByGroup_.find(group);
        byGroup->second.erase(client);
        if (byGroup->second.empty())
            clientsByGroup_.erase(byGroup);
    }
    groupsByClient_.erase(it);
    return true;
}

std::vector<std::string> InterestRegistry::interestedIn(const std::string& group) const
{
    auto it = clientsByGroup_.find(group);
    if (it == clientsByGroup_.end())
        return {};
    return {it->second.begin(), it->second.end()};
}

std::vector<std::string> InterestRegistry::groupsOf(const std::string& client) const
{
    auto it = groupsByClient_.find(client);
    if (it == groupsByClient_.end())
        return {};
    return {it->second.begin(), it->second.end()};
}

bool InterestRegistry::knows(const std::string& client) const
{
    return groupsByClient_.count(client) != 0;
}

} // namespace pgmd
