#pragma once
// The one way in for every call that changes something: who calls is asked
// of the bus once, the caller's right is checked (AccessControl), the call
// is carried out, and the request, its caller and how it ended (accepted,
// or the error the caller gets) go to the RequestAudit. A refusal, access
// denied included, is recorded as such and then thrown to the caller.

#include "access_control.hpp"
#include "request_audit.hpp"

#include <functional>
#include <string>
#include <vector>

namespace pgmd {

class RequestGate {
public:
    RequestGate(sdbus::IConnection& connection, std::string adminGroup, RequestAudit& audit);

    // For operators alone: `carryOut` runs only for one.
    void operatorRequest(const sdbus::IObject& object, const BusRequest& request,
                         const std::function<void()>& carryOut);

    // For operators and the processes of the request's group: `units` names
    // the group's members (it may throw, as reading a group that went away
    // does), `carryOut` learns what kind of caller it runs for.
    void memberRequest(const sdbus::IObject& object, const BusRequest& request,
                       const std::function<std::vector<std::string>()>& units,
                       const std::function<void(const GroupCaller&)>& carryOut);

private:
    void audited(const sdbus::IObject& object, const BusRequest& request,
                 const std::function<void(const BusCredentials&)>& carryOut);

    AccessControl access_;
    RequestAudit& audit_;
};

// What the audit learns about a caller: the bus's credentials, and the unit
// and command name of the process behind them while it still runs.
CallerInfo callerInfoOf(const BusCredentials& creds);

} // namespace pgmd
