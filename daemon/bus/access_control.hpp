#pragma once
// Who may change what. pgmd checks every changing call itself, so a looser
// local bus policy cannot turn a reader into an operator:
//  - operators: root, or members of the admin group (egid or supplementary);
//  - Acknowledge and ReportFault also: a process of the group itself.
// Learning who calls costs one GetConnectionCredentials round trip to the
// bus; RequestGate asks once per call and checks what it learnt.

#include "bus_driver.hpp"

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace sdbus {
class IConnection;
class IObject;
} // namespace sdbus

namespace pgmd {

// The caller of an Acknowledge or ReportFault, once admitted.
struct GroupCaller {
    bool isOperator = false;
    // The member unit the calling process runs in; empty when it runs in none
    // of the group's units (an operator calling from elsewhere).
    std::optional<std::string> unit;
};

class AccessControl {
public:
    AccessControl(sdbus::IConnection& connection, std::string adminGroup);

    // The caller of the call `object` is processing, as the bus recorded it.
    // Throws org.freedesktop.DBus.Error.AccessDenied when the bus cannot
    // tell: not knowing who asked is a refusal, never a pass.
    BusCredentials callerOf(const sdbus::IObject& object);

    // Throws org.freedesktop.DBus.Error.AccessDenied, naming who may call
    // `method`, unless `caller` is an operator.
    void requireOperator(const BusCredentials& caller, const std::string& method) const;

    // The same, but also admits a process running in one of `units`, the
    // members of `group`.
    GroupCaller requireOperatorOrMember(const BusCredentials& caller, const std::string& method,
                                        const std::string& group, const std::vector<std::string>& units) const;

    const std::string& adminGroup() const { return adminGroup_; }

private:
    bool isOperator(const BusCredentials& creds) const;

    BusDriver driver_;
    const std::string adminGroup_;
};

// The gid of a system group, looked up now; empty if there is no such group.
std::optional<gid_t> groupIdOf(const std::string& name);

// The groups the user database gives `uid` (its primary group included): the
// fallback when the bus does not report a caller's gids.
std::vector<gid_t> groupsOfUser(uid_t uid);

// Root, or a member of the admin group when it exists.
bool grantsOperator(uid_t uid, const std::vector<gid_t>& gids, std::optional<gid_t> adminGid);

} // namespace pgmd
