#include "bus_driver.hpp"

#include <chrono>
#include <map>
#include <sdbus-c++/sdbus-c++.h>
#include <utility>

namespace pgmd {

namespace {

constexpr const char* kDriverName = "org.freedesktop.DBus";
constexpr const char* kDriverPath = "/org/freedesktop/DBus";
constexpr const char* kDriverInterface = "org.freedesktop.DBus";

// The bus answers from memory; a long wait means it is in trouble, and the
// method call waiting on it should fail rather than stall pgmd.
constexpr auto kDriverTimeout = std::chrono::seconds(5);

} // namespace

BusDriver::BusDriver(sdbus::IConnection& connection)
    : proxy_(sdbus::createProxy(connection, kDriverName, kDriverPath))
{
}

BusDriver::~BusDriver() = default;

BusCredentials BusDriver::credentials(const std::string& uniqueName)
{
    std::map<std::string, sdbus::Variant> reply;
    proxy_->callMethod("GetConnectionCredentials")
        .onInterface(kDriverInterface)
        .withTimeout(kDriverTimeout)
        .withArguments(uniqueName)
        .storeResultsTo(reply);

    BusCredentials creds;
    if (auto it = reply.find("UnixUserID"); it != reply.end())
        creds.uid = static_cast<uid_t>(it->second.get<std::uint32_t>());
    if (auto it = reply.find("ProcessID"); it != reply.end())
        creds.pid = static_cast<pid_t>(it->second.get<std::uint32_t>());
    // dbus-daemon fills this from SO_PEERGROUPS: the effective gid and the
    // supplementary gids the caller had when it connected.
    if (auto it = reply.find("UnixGroupIDs"); it != reply.end()) {
        const auto gids = it->second.get<std::vector<std::uint32_t>>();
        creds.gids.emplace(gids.begin(), gids.end());
    }
    return creds;
}

void BusDriver::whenNameHasNoOwner(const std::string& uniqueName, std::function<void()> gone)
{
    proxy_->callMethodAsync("NameHasOwner")
        .onInterface(kDriverInterface)
        .withTimeout(kDriverTimeout)
        .withArguments(uniqueName)
        .uponReplyInvoke([gone = std::move(gone)](const sdbus::Error* error, bool hasOwner) {
            if (error == nullptr && !hasOwner)
                gone();
        });
}

} // namespace pgmd
