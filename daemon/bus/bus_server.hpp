#pragma once
// pgmd on the bus: the manager object and one object per group, publishing
// what a StateSource reports and forwarding operator actions to it.

#include "state_source.hpp"

#include <map>
#include <memory>
#include <string>

namespace sdbus {
class IConnection;
}

namespace pgmd {

class ManagerObject;
class GroupObject;

class BusServer {
public:
    // Registers the objects for the groups the source names now. Does not
    // request the bus name: the caller does that once registration is done,
    // so that no client sees the name before the objects exist.
    BusServer(sdbus::IConnection& conn, StateSource& source);
    ~BusServer();
    BusServer(const BusServer&) = delete;
    BusServer& operator=(const BusServer&) = delete;

    static std::string groupPath(const std::string& name);

    // PropertiesChanged carrying the current values from the source. A name
    // without an object is ignored. Throws sdbus::Error if sending fails.
    void groupChanged(const std::string& name);
    void managerChanged();

    void emitGroupStateChanged(const std::string& group, const std::string& from, const std::string& to,
                               const std::string& reason);
    // `group` is "" for host-wide steps.
    void emitEscalationStep(const std::string& group, const std::string& step, const std::string& reason);

private:
    std::unique_ptr<ManagerObject> manager_;
    std::map<std::string, std::unique_ptr<GroupObject>> groups_;
};

} // namespace pgmd
