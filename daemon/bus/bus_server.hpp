#pragma once
// pgmd on the bus: the manager object, one object per group and one per
// resource, publishing what a StateSource reports and forwarding operator
// actions to it (each reported to its audit), plus the clients' interest in
// group births and deaths.
//
// Used only from the thread that dispatches the connection.

#include "bus_names.hpp"
#include "state_source.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sdbus {
class IConnection;
}

namespace pgmd {

class RequestGate;
class InterestTracker;
class ManagerObject;
class GroupObject;
class ResourceObject;

class BusServer {
public:
    // Registers the objects for the groups the source names now. Does not
    // request the bus name: the caller does that once registration is done,
    // so that no client sees the name before the objects exist.
    // `adminGroup`: the system group whose members may act like root.
    BusServer(sdbus::IConnection& conn, StateSource source,
              std::string adminGroup = busnames::kDefaultAdminGroup);
    ~BusServer();
    BusServer(const BusServer&) = delete;
    BusServer& operator=(const BusServer&) = delete;

    static std::string groupPath(const std::string& name);

    // PropertiesChanged carrying the current values from the source. A name
    // without an object is ignored. Throws sdbus::Error if sending fails.
    void groupChanged(const std::string& name);
    void resourceChanged(const std::string& name);
    void managerChanged();

    void emitGroupStateChanged(const std::string& group, const std::string& from, const std::string& to,
                               const std::string& reason);
    // `group` is "" for host-wide steps.
    void emitEscalationStep(const std::string& group, const std::string& step, const std::string& reason);
    // Group.ActivationRequested on the group's object, to everyone. A name
    // without an object is ignored.
    void emitActivationRequested(const std::string& group, const std::string& state, std::uint64_t incarnation);

    // Manager.GroupBorn / GroupDied, sent to each client interested in
    // `group` and to no one else. Every client is tried; the first failure
    // to send is thrown afterwards.
    void notifyBorn(const std::string& group, std::uint64_t incarnation);
    void notifyDied(const std::string& group, std::uint64_t incarnation, const std::string& reason);

    // Brings the group objects in line with source.groupNames() after the
    // configuration changed: objects for new names, none for names gone, a
    // new object for a group whose Layer, Units or Slice changed (clients
    // cache those), each announced with InterfacesAdded/InterfacesRemoved,
    // and PropertiesChanged for Manager.Groups when the list changed.
    // Interest stays registered by name: a group may come back.
    void syncGroups();

    // The same for resource objects and source.resourceNames(): a new object
    // when a resource's Kind changed, PropertiesChanged for Manager.Resources
    // when the list changed.
    void syncResources();

    // The unique names notifyBorn/notifyDied would send to now.
    std::vector<std::string> interestedClients(const std::string& group) const;

private:
    void addGroupObject(const std::string& name);
    void addResourceObject(const std::string& name);
    template <class Send> void sendToInterested(const std::string& group, const Send& send);

    sdbus::IConnection& connection_;
    StateSource source_;
    std::unique_ptr<RequestGate> gate_;
    std::unique_ptr<InterestTracker> interests_;
    std::unique_ptr<ManagerObject> manager_;
    std::map<std::string, std::unique_ptr<GroupObject>> groups_;
    std::vector<std::string> publishedNames_;  // the names behind Manager.Groups, last sent
    std::map<std::string, std::unique_ptr<ResourceObject>> resources_;
    std::vector<std::string> publishedResourceNames_;  // behind Manager.Resources, last sent
};

} // namespace pgmd
