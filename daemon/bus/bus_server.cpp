#include "bus_server.hpp"

#include "group_object.hpp"
#include "interest_tracker.hpp"
#include "manager_object.hpp"
#include "resource_object.hpp"
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
    , publishedResourceNames_(source.view.resourceNames())
{
    for (const std::string& name : publishedNames_)
        addGroupObject(name);
    for (const std::string& name : publishedResourceNames_)
        addResourceObject(name);
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

void BusServer::addResourceObject(const std::string& name)
{
    resources_.insert_or_assign(name, std::make_unique<ResourceObject>(connection_, source_.view, name));
}

void BusServer::groupChanged(const std::string& name)
{
    auto it = groups_.find(name);
    if (it != groups_.end())
        it->second->emitPropertiesChanged();
}

void BusServer::resourceChanged(const std::string& name)
{
    auto it = resources_.find(name);
    if (it != resources_.end())
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

namespace {

// Brings `objects` in line with `names`: an object whose name is gone, or
// that no longer `fits` (its "const" properties changed, which clients may
// have cached), goes with InterfacesRemoved; `add` makes the missing ones,
// announced with InterfacesAdded. True when the names differ from `published`,
// which then takes them.
template <class Object, class Fits, class Add>
bool syncObjects(std::map<std::string, std::unique_ptr<Object>>& objects, const std::vector<std::string>& names,
                 std::vector<std::string>& published, const Fits& fits, const Add& add)
{
    const std::set<std::string> wanted(names.begin(), names.end());
    for (auto it = objects.begin(); it != objects.end();) {
        if (wanted.count(it->first) != 0 && fits(it->first, *it->second)) {
            ++it;
            continue;
        }
        it->second->announceRemoved();
        it = objects.erase(it);
    }
    for (const std::string& name : names) {
        if (objects.count(name) != 0)
            continue;
        add(name);
        objects.at(name)->announceAdded();
    }
    if (names == published)
        return false;
    published = names;
    return true;
}

} // namespace

void BusServer::syncGroups()
{
    const auto sameIdentity = [this](const std::string& name, const GroupObject& object) {
        const std::optional<GroupInfo> g = source_.view.group(name, kIdentityFields);
        return g && identityOf(*g) == object.identity();
    };
    if (syncObjects(groups_, source_.view.groupNames(), publishedNames_, sameIdentity,
                    [this](const std::string& name) { addGroupObject(name); }))
        manager_->emitGroupsChanged();
}

void BusServer::syncResources()
{
    const auto sameKind = [this](const std::string& name, const ResourceObject& object) {
        return currentKind(source_.view, name) == object.kind();
    };
    if (syncObjects(resources_, source_.view.resourceNames(), publishedResourceNames_, sameKind,
                    [this](const std::string& name) { addResourceObject(name); }))
        manager_->emitResourcesChanged();
}

std::vector<std::string> BusServer::interestedClients(const std::string& group) const
{
    return interests_->interestedIn(group);
}

} // namespace pgmd
