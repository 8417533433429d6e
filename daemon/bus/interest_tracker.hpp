#pragma once
// InterestRegistry on the bus: records RegisterInterest calls by the caller's
// unique name and forgets a client once it leaves the bus. Each watched
// client costs pgmd one match rule (NameOwnerChanged, arg0 = its name),
// added with its first group and removed with its last.
//
// Used only from the thread that dispatches the connection.

#include "bus_driver.hpp"
#include "interest_registry.hpp"

#include <map>
#include <sdbus-c++/TypeTraits.h>
#include <string>
#include <vector>

namespace sdbus {
class IConnection;
class Message;
} // namespace sdbus

namespace pgmd {

class InterestTracker {
public:
    InterestTracker(sdbus::IConnection& connection, InterestRegistry::GroupExists groupExists);
    ~InterestTracker();
    InterestTracker(const InterestTracker&) = delete;
    InterestTracker& operator=(const InterestTracker&) = delete;

    // Throws org.pgmd1.Error.NoSuchGroup or org.pgmd1.Error.LimitsExceeded
    // (past the per-client limit, or when the bus allows pgmd no more match
    // rules); then nothing is recorded.
    void registerInterest(const std::string& client, const std::string& group);
    // Harmless when there is nothing to remove, for a group gone or never registered.
    void unregisterInterest(const std::string& client, const std::string& group);

    std::vector<std::string> interestedIn(const std::string& group) const;
    // Clients watched for leaving the bus: one match rule each.
    std::size_t watchedClients() const { return departureWatches_.size(); }

private:
    void watch(const std::string& client);
    void forget(const std::string& client);
    void onNameOwnerChanged(sdbus::Message& signal);

    sdbus::IConnection& connection_;
    InterestRegistry registry_;
    std::map<std::string, sdbus::Slot> departureWatches_;
    // Last: its pending NameHasOwner questions point at this object and must
    // end first.
    BusDriver driver_;
};

} // namespace pgmd
