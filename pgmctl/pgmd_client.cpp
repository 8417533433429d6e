#include "pgmd_client.hpp"

#include "bus_failure.hpp"
#include "bus_names.hpp"
#include "exit_status.hpp"
#include "status_decoding.hpp"

#include <array>
#include <stdexcept>

namespace pgmctl {

namespace {

constexpr const char* kPropertiesInterface = "org.freedesktop.DBus.Properties";
constexpr const char* kObjectManagerInterface = "org.freedesktop.DBus.ObjectManager";

using ManagedObjects = std::map<sdbus::ObjectPath, std::map<std::string, PropertyMap>>;

struct GroupMethodCall {
    GroupMethod method;
    void (org::pgmd1::Group_proxy::*call)();
};

constexpr std::array kGroupMethodCalls{
    GroupMethodCall{GroupMethod::Offline, &org::pgmd1::Group_proxy::Offline},
    GroupMethodCall{GroupMethod::Online, &org::pgmd1::Group_proxy::Online},
    GroupMethodCall{GroupMethod::Restart, &org::pgmd1::Group_proxy::Restart},
    GroupMethodCall{GroupMethod::ResetFailed, &org::pgmd1::Group_proxy::ResetFailed},
    GroupMethodCall{GroupMethod::Activate, &org::pgmd1::Group_proxy::Activate},
    GroupMethodCall{GroupMethod::Deactivate, &org::pgmd1::Group_proxy::Deactivate},
};

PropertyMap getAll(sdbus::IConnection& connection, const std::string& path, const char* interface,
                   std::chrono::microseconds timeout = std::chrono::microseconds{0})
{
    auto proxy = sdbus::createProxy(connection, bus::kService, path);
    PropertyMap properties;
    // A zero timeout is sd-bus's default (25 s).
    proxy->callMethod("GetAll")
        .onInterface(kPropertiesInterface)
        .withTimeout(timeout)
        .withArguments(interface)
        .storeResultsTo(properties);
    return properties;
}

// Every object that has `interface`, decoded.
template <typename Status>
std::vector<Status> managedObjects(sdbus::IConnection& connection, const char* interface,
                                   Status (*decode)(const PropertyMap&))
{
    auto proxy = sdbus::createProxy(connection, bus::kService, bus::kManagerPath);
    ManagedObjects objects;
    proxy->callMethod("GetManagedObjects").onInterface(kObjectManagerInterface).storeResultsTo(objects);

    std::vector<Status> found;
    for (const auto& [path, interfaces] : objects) {
        auto properties = interfaces.find(interface);
        if (properties != interfaces.end())
            found.push_back(decode(properties->second));
    }
    return found;
}

// What a pgmd answers GetResource for a name it has no resource of: its own
// error, or, before it published resources, an unknown method.
bool meansNoSuchResource(const std::string& errorName)
{
    return errorName == bus::kErrorNoSuchResource || errorName == "org.freedesktop.DBus.Error.UnknownMethod";
}

} // namespace

std::unique_ptr<sdbus::IConnection> connectSystemBus()
{
    try {
        return sdbus::createSystemBusConnection();
    } catch (const sdbus::Error& e) {
        throw BusUnreachable{e.getMessage()};
    }
}

PgmdClient::PgmdClient(sdbus::IConnection& connection)
    : connection_(connection)
    , manager_(connection)
{
}

std::vector<GroupStatus> PgmdClient::groups()
{
    return managedObjects(connection_, bus::kGroupInterface, &decodeGroup);
}

std::vector<ResourceStatus> PgmdClient::resources()
{
    return managedObjects(connection_, bus::kResourceInterface, &decodeResource);
}

std::optional<ResourceStatus> PgmdClient::resource(const std::string& name)
{
    sdbus::ObjectPath path;
    try {
        path = manager_.GetResource(name);
    } catch (const sdbus::Error& e) {
        if (meansNoSuchResource(e.getName()))
            return std::nullopt;
        throw;
    }
    return decodeResource(getAll(connection_, path, bus::kResourceInterface));
}

ManagerStatus PgmdClient::manager()
{
    return decodeManager(getAll(connection_, bus::kManagerPath, bus::kManagerInterface));
}

GroupStatus PgmdClient::group(const std::string& name)
{
    return decodeGroup(groupProperties(groupPath(name)));
}

PropertyMap PgmdClient::groupProperties(const sdbus::ObjectPath& path, std::chrono::microseconds timeout)
{
    return getAll(connection_, path, bus::kGroupInterface, timeout);
}

void PgmdClient::callGroup(const std::string& name, GroupMethod method)
{
    GroupProxy proxy(connection_, groupPath(name));
    for (const GroupMethodCall& c : kGroupMethodCalls)
        if (c.method == method)
            return (proxy.*c.call)();
    throw std::logic_error("GroupMethod without a D-Bus method in kGroupMethodCalls");
}

void PgmdClient::restartMember(const std::string& group, const std::string& unit)
{
    GroupProxy proxy(connection_, groupPath(group));
    proxy.RestartMember(unit);
}

void PgmdClient::resetFailedAll()
{
    manager_.ResetFailed();
}

void PgmdClient::reload()
{
    manager_.Reload();
}

std::vector<std::string> PgmdClient::checkConfig()
{
    return manager_.CheckConfig();
}

GroupKey PgmdClient::key(const std::string& name)
{
    auto [keyName, incarnation] = manager_.GetKey(name);
    std::optional<PairKey> pair;
    std::string localNode;
    ClusterProxy cluster(connection_);
    try {
        auto [node, pairIncarnation] = cluster.GetKey(name);
        pair = PairKey{node, pairIncarnation};
        if (node.empty())
            localNode = cluster.LocalNode();
    } catch (const sdbus::Error& e) {
        // Not paired, or no cluster here: the key alone, as for any group.
        if (e.getName() != bus::kErrorNotPaired &&
            classifyClusterBusError(e.getName(), e.getMessage(), name).exitStatus != kExitNotConfigured)
            throw;
    }
    return combineKeys(keyName, incarnation, pair, localNode);
}

IcdStatus PgmdClient::icd()
{
    return decodeIcd(getAll(connection_, bus::kIcdPath, bus::kIcdInterface));
}

void PgmdClient::requestPowerCycle(const std::string& reason)
{
    IcdProxy(connection_).RequestPowerCycle(reason);
}

ClusterStatus PgmdClient::cluster()
{
    return decodeCluster(getAll(connection_, bus::kClusterPath, bus::kClusterInterface));
}

void PgmdClient::switchover(const std::string& group, const std::string& node)
{
    ClusterProxy(connection_).Switchover(group, node);
}

std::string PgmdClient::serviceOwner()
{
    auto proxy = sdbus::createProxy(connection_, "org.freedesktop.DBus", "/org/freedesktop/DBus");
    std::string owner;
    proxy->callMethod("GetNameOwner").onInterface("org.freedesktop.DBus").withArguments(bus::kService).storeResultsTo(owner);
    return owner;
}

void PgmdClient::requireGroup(const std::string& name)
{
    groupPath(name);
}

sdbus::ObjectPath PgmdClient::groupPath(const std::string& name)
{
    return manager_.GetGroup(name);
}

} // namespace pgmctl
