#pragma once
// Who asked to hear about which group (seed 001's interest registration):
// bus clients, by unique name, each with the groups it registered for.
// Plain data, no bus: the bus glue (InterestTracker) decides when a client
// has left.

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace pgmd {

enum class Registration {
    Added,              // the client's first group: start watching the client
    AddedAnother,       // one more group for a client already watched
    AlreadyRegistered,  // nothing changed
    NoSuchGroup,        // the group is not configured
    LimitsExceeded,     // the client already has the most groups it may have
};

class InterestRegistry {
public:
    // Bounds what one client can make pgmd remember.
    static constexpr std::size_t kMaxGroupsPerClient = 1024;

    // Answers whether a group is configured now. Interest outlives the group
    // (a reload may bring it back), but can only start while it exists.
    using GroupExists = std::function<bool(const std::string& group)>;

    explicit InterestRegistry(GroupExists groupExists, std::size_t maxGroupsPerClient = kMaxGroupsPerClient);

    Registration add(const std::string& client, const std::string& group);
    // True when that was the client's last group: stop watching it. Removing
    // what was never added changes nothing.
    bool remove(const std::string& client, const std::string& group);
    // Forgets everything about the client; true if there was something.
    bool removeClient(const std::string& client);

    // The clients to tell about `group`, in name order.
    std::vector<std::string> interestedIn(const std::string& group) const;
    std::vector<std::string> groupsOf(const std::string& client) const;
    bool knows(const std::string& client) const;
    std::size_t clientCount() const { return groupsByClient_.size(); }

private:
    GroupExists groupExists_;
    std::size_t maxGroupsPerClient_;
    // Both directions, so that a notification and a departure are each one lookup.
    std::map<std::string, std::set<std::string>> groupsByClient_;
    std::map<std::string, std::set<std::string>> clientsByGroup_;
};

} // namespace pgmd
