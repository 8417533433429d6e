#include "interest_tracker.hpp"

#include "bus_errors.hpp"

#include <sdbus-c++/sdbus-c++.h>
#include <utility>

namespace pgmd {

namespace {

constexpr const char* kBusLimitsExceeded = "org.freedesktop.DBus.Error.LimitsExceeded";

// Unique names are ':' followed by dot-separated digits and letters, so they
// need no quoting inside the rule.
std::string departureRule(const std::string& client)
{
    return "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
           "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='" +
           client + "'";
}

} // namespace

InterestTracker::InterestTracker(sdbus::IConnection& connection, InterestRegistry::GroupExists groupExists)
    : connection_(connection)
    , registry_(std::move(groupExists))
    , driver_(connection)
{
}

InterestTracker::~InterestTracker() = default;

void InterestTracker::registerInterest(const std::string& client, const std::string& group)
{
    switch (registry_.add(client, group)) {
    case Registration::Added:
        try {
            watch(client);
        } catch (...) {
            registry_.removeClient(client);
            throw;
        }
        return;
    case Registration::AddedAnother:
    case Registration::AlreadyRegistered:
        return;
    case Registration::NoSuchGroup:
        throwNoSuchGroup(group);
    case Registration::LimitsExceeded:
        throwLimitsExceeded("A client may register interest in at most " +
                            std::to_string(InterestRegistry::kMaxGroupsPerClient) + " groups");
    }
}

void InterestTracker::unregisterInterest(const std::string& client, const std::string& group)
{
    if (registry_.remove(client, group))
        departureWatches_.erase(client);
}

std::vector<std::string> InterestTracker::interestedIn(const std::string& group) const
{
    return registry_.interestedIn(group);
}

void InterestTracker::watch(const std::string& client)
{
    sdbus::Slot slot;
    try {
        // Synchronous: once AddMatch returns, the bus reports the client's
        // departure to us.
        slot = connection_.addMatch(departureRule(client), [this](sdbus::Message& m) { onNameOwnerChanged(m); });
    } catch (const sdbus::Error& e) {
        if (e.getName() == kBusLimitsExceeded)
            throwLimitsExceeded("pgmd cannot watch more clients: the bus allows it no more match rules");
        throw;
    }
    departureWatches_.emplace(client, std::move(slot));
    // The client may have left before the rule existed (its call waited in
    // our queue); the bus then announced it to nobody. Asking after the rule
    // is in place leaves no gap.
    driver_.whenNameHasNoOwner(client, [this, client] { forget(client); });
}

void InterestTracker::forget(const std::string& client)
{
    registry_.removeClient(client);
    departureWatches_.erase(client);
}

void InterestTracker::onNameOwnerChanged(sdbus::Message& signal)
{
    std::string name, oldOwner, newOwner;
    signal >> name >> oldOwner >> newOwner;
    if (!newOwner.empty())
        return;
    // This erases the match whose callback is running. sd-bus holds its own
    // reference to the slot until the callback returns, and nothing here
    // touches the callback's state after forget().
    forget(name);
}

} // namespace pgmd
