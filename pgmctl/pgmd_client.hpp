#pragma once
// Everything pgmctl asks pgmd, one synchronous call each. Failures are the
// sdbus::Error of the reply; bus_failure.hpp says what they mean.

#include "cluster_status.hpp"
#include "group_status.hpp"
#include "icd_status.hpp"
#include "key_view.hpp"
#include "pgmd_proxies.hpp"
#include "resource_status.hpp"
#include "status_decoding.hpp"

#include <sdbus-c++/sdbus-c++.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pgmctl {

// The system bus ($DBUS_SYSTEM_BUS_ADDRESS, else the standard socket). When it
// cannot be reached, throws BusUnreachable.
std::unique_ptr<sdbus::IConnection> connectSystemBus();

struct BusUnreachable {
    std::string reason;
};

enum class GroupMethod { Offline, Online, Restart, ResetFailed, Activate, Deactivate };

class PgmdClient {
public:
    explicit PgmdClient(sdbus::IConnection& connection);

    // Every group, in one ObjectManager.GetManagedObjects call.
    std::vector<GroupStatus> groups();
    ManagerStatus manager();
    GroupStatus group(const std::string& name);
    // Every resource, in one ObjectManager.GetManagedObjects call.
    std::vector<ResourceStatus> resources();
    // Nothing when pgmd has no such resource (or is too old to publish resources).
    std::optional<ResourceStatus> resource(const std::string& name);

    void callGroup(const std::string& name, GroupMethod method);
    void restartMember(const std::string& group, const std::string& unit);
    void resetFailedAll();
    void reload();
    std::vector<std::string> checkConfig();
    // Manager.GetKey, and for a paired group Cluster.GetKey's node too.
    GroupKey key(const std::string& name);

    // The independent computer's object: fails with UnknownObject (or
    // UnknownInterface, UnknownMethod) when pgmd has none configured.
    IcdStatus icd();
    void requestPowerCycle(const std::string& reason);

    // The cluster's object: fails with UnknownObject (or UnknownInterface,
    // UnknownMethod) when pgmd.conf has no [Cluster].
    ClusterStatus cluster();
    // Cluster.Switchover; `node` "" for the best ready standby.
    void switchover(const std::string& group, const std::string& node);

    // For watch: fails with NameHasNoOwner when pgmd is not on the bus.
    std::string serviceOwner();
    // Fails with NoSuchGroup unless pgmd has a group of that name.
    void requireGroup(const std::string& name);
    ManagerProxy& managerProxy() { return manager_; }

    // For waiting on one group's changes: its object path (Manager.GetGroup;
    // fails with NoSuchGroup) and every property of it, undecoded.
    sdbus::ObjectPath groupPath(const std::string& name);
    // `timeout` zero: sd-bus's default.
    PropertyMap groupProperties(const sdbus::ObjectPath& path,
                                std::chrono::microseconds timeout = std::chrono::microseconds{0});

private:
    sdbus::IConnection& connection_;
    ManagerProxy manager_;
};

} // namespace pgmctl
