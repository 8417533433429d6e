#include "access_control.hpp"

#include "bus_errors.hpp"
#include "cgroup_unit.hpp"

#include <algorithm>
#include <cerrno>
#include <grp.h>
#include <pwd.h>
#include <sdbus-c++/sdbus-c++.h>
#include <unistd.h>
#include <utility>

namespace pgmd {

namespace {

// getgrnam_r and getpwuid_r report ERANGE until the buffer is big enough.
constexpr std::size_t kMaxNssBuffer = 1 << 20;

std::size_t initialNssBuffer(int sysconfName)
{
    const long hint = sysconf(sysconfName);
    return hint > 0 ? static_cast<std::size_t>(hint) : 4096;
}

bool contains(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

} // namespace

std::optional<gid_t> groupIdOf(const std::string& name)
{
    std::vector<char> buffer(initialNssBuffer(_SC_GETGR_R_SIZE_MAX));
    for (;;) {
        group entry{};
        group* found = nullptr;
        const int r = getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
        if (r == ERANGE && buffer.size() < kMaxNssBuffer) {
            buffer.resize(buffer.size() * 2);
            continue;
        }
        if (r != 0 || found == nullptr)
            return std::nullopt;
        return found->gr_gid;
    }
}

std::vector<gid_t> groupsOfUser(uid_t uid)
{
    std::vector<char> buffer(initialNssBuffer(_SC_GETPW_R_SIZE_MAX));
    passwd entry{};
    passwd* found = nullptr;
    for (;;) {
        const int r = getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found);
        if (r == ERANGE && buffer.size() < kMaxNssBuffer) {
            buffer.resize(buffer.size() * 2);
            continue;
        }
        if (r != 0 || found == nullptr)
            return {};
        break;
    }
    std::vector<gid_t> gids(16);
    for (;;) {
        int count = static_cast<int>(gids.size());
        if (getgrouplist(found->pw_name, found->pw_gid, gids.data(), &count) >= 0) {
            gids.resize(static_cast<std::size_t>(count));
            return gids;
        }
        // -1 means too small, and `count` now says how many there are.
        gids.resize(static_cast<std::size_t>(std::max(count, static_cast<int>(gids.size()) * 2)));
    }
}

bool grantsOperator(uid_t uid, const std::vector<gid_t>& gids, std::optional<gid_t> adminGid)
{
    if (uid == 0)
        return true;
    return adminGid && std::find(gids.begin(), gids.end(), *adminGid) != gids.end();
}

AccessControl::AccessControl(sdbus::IConnection& connection, std::string adminGroup)
    : driver_(connection)
    , adminGroup_(std::move(adminGroup))
{
}

BusCredentials AccessControl::callerOf(const sdbus::IObject& object)
{
    const sdbus::Message* call = object.getCurrentlyProcessedMessage();
    const std::string sender = call != nullptr ? call->getSender() : std::string();
    if (sender.empty())
        throwAccessDenied("Cannot tell who is calling: the call has no sender");
    try {
        return driver_.credentials(sender);
    } catch (const sdbus::Error& e) {
        throwAccessDenied("Cannot tell who is calling: " + e.getMessage());
    }
}

bool AccessControl::isOperator(const BusCredentials& creds) const
{
    if (creds.uid == 0)
        return true;
    // Looked up on every call: a group created after pgmd started counts.
    const std::optional<gid_t> adminGid = groupIdOf(adminGroup_);
    if (!adminGid)
        return false;
    // dbus-daemon 1.14 on Linux >= 4.13 reports the caller's egid and
    // supplementary gids (verified against the real daemon). Older buses do
    // not; then the user database decides, as the bus policy itself would.
    return grantsOperator(creds.uid, creds.gids ? *creds.gids : groupsOfUser(creds.uid), adminGid);
}

void AccessControl::requireOperator(const BusCredentials& caller, const std::string& method) const
{
    if (!isOperator(caller))
        throwAccessDenied("Only root or members of group '" + adminGroup_ + "' may call " + method);
}

GroupCaller AccessControl::requireOperatorOrMember(const BusCredentials& creds, const std::string& method,
                                                   const std::string& group,
                                                   const std::vector<std::string>& units) const
{
    GroupCaller caller;
    caller.isOperator = isOperator(creds);
    if (std::optional<std::string> unit = unitOfProcess(creds.pid); unit && contains(units, *unit))
        caller.unit = std::move(unit);
    if (!caller.isOperator && !caller.unit)
        throwAccessDenied("Only root, members of group '" + adminGroup_ + "' or processes of group '" + group +
                          "' may call " + method);
    return caller;
}

} // namespace pgmd
