#include "bus_server.hpp"

#include "group_object.hpp"
#include "interest_tracker.hpp"
#include "manager_object.hpp"
#include "bus_names.hpp"
#include "request_gate.hpp"

#include <exception>
#include <set>
#include <utility>

namespace pgmd {

BusServer::BusServer(sdbus::IConnection& conn, StateSource source, std::string adminGroup)
    : connection_(conn)
    , source_(source)
    , gate_(std::make_unique<RequestGate>(conn, std::move(adminGroup), source.audit))
    , interests_(std::make_unique<InterestTracker>(
          conn, [&view = source.view](const std::string& group) { return view.group(group, GroupFields{}).has_value(); }))
    , manager_(std::make_unique<ManagerObject>(conn, source, *gate_, *interests_))
    , publishedNames_(source.view.groupNames())
{
    for (const std::string& name : publishedNames_)
        addGroupObject(name);
}

BusServer::~BusServer() = default;

std::string BusServer::groupPath(const std::string& name)
{
    return busnames::groupObjectPath(name);
}

void BusServer::addGroupObject(const std::string& name)
{
    groups_.insert_or_assign(name, std::make_unique<GroupObject>(connection_, source_, *gate_, name));
}

void BusServer::groupChanged(const std::string& name)
{
    auto it = groups_.find(name);
    if (it != groups_.end())
        it->second->emitPropertiesChanged();
}

void BusServer::managerChanged()
{
    manager_->emitPropertiesChanged();
}

void BusServer::emitGroupStateChanged(const std::string& group, const std::string& from,
                                      const std::string& to, const std::string& reason)
{
    manager_->emitGroupStateChanged(group, from, to, reason);
}

void BusServer::emitEscalationStep(const std::string& group, const std::string& step,
                                   const std::string& reason)
{
    manager_->emitEscalationStep(group, step, reason);
}

void BusServer::emitActivationRequested(const std::string& group, const std::string& state,
                                        std::uint64_t incarnation)
{
    auto it = groups_.find(group);
    if (it != groups_.end())
        it->second->emitActivationRequested(state, incarnation);
}

template <class Send> void BusServer::sendToInterested(const std::string& group, const Send& send)
{
    // One client that cannot be reached must not keep the others uninformed.
    std::exception_ptr firstFailure;
    for (const std::string& client : interests_->interestedIn(group)) {
        try {
            send(client);
        } catch (...) {
            if (!firstFailure)
                firstFailure = std::current_exception();
        }
    }
    if (firstFailure)
        std::rethrow_exception(firstFailure);
}

void BusServer::notifyBorn(const std::string& group, std::uint64_t incarnation)
{
    sendToInterested(group,
                     [&](const std::string& client) { manager_->sendGroupBorn(client, group, incarnation); });
}

void BusServer::notifyDied(const std::string& group, std::uint64_t incarnation, const std::string& reason)
{
    sendToInterested(group, [&](const std::string& client) {
        manager_->sendGroupDied(client, group, incarnation, reason);
    });
}

void BusServer::syncGroups()
{
    const std::vector<std::string> names = source_.view.groupNames();
    const std::set<std::string> wanted(names.begin(), names.end());

    for (auto it = groups_.begin(); it != groups_.end();) {
        const bool gone = wanted.count(it->first) == 0;
        const std::optional<GroupInfo> g = gone ? std::nullopt : source_.view.group(it->first, kIdentityFields);
        const bool reshaped = g && identityOf(*g) != it->second->identity();
        if (!gone && !reshaped) {
            ++it;
            continue;
        }
        // Gone, or its "const" properties changed: clients must drop what
        // they cached, so the object goes (and comes back below if wanted).
        it->second->announceRemoved();
        it = groups_.erase(it);
    }
    for (const std::string& name : names) {
        if (groups_.count(name) != 0)
            continue;
        addGroupObject(name);
        groups_.at(name)->announceAdded();
    }

    if (names != publishedNames_) {
        publishedNames_ = names;
        manager_->emitGroupsChanged();
    }
}

std::vector<std::string> BusServer::interestedClients(const std::string& group) const
{
    return interests_->interestedIn(group);
}

} // namespace pgmd
