#include "request_gate.hpp"

#include "cgroup_unit.hpp"

#include <fstream>
#include <sdbus-c++/sdbus-c++.h>
#include <utility>

namespace pgmd {

namespace {

constexpr uid_t kUnknownUid = static_cast<uid_t>(-1);

std::optional<std::string> commandOfProcess(pid_t pid)
{
    std::ifstream file("/proc/" + std::to_string(pid) + "/comm");
    std::string comm;
    if (!file || !std::getline(file, comm) || comm.empty())
        return std::nullopt;
    return comm;
}

} // namespace

CallerInfo callerInfoOf(const BusCredentials& creds)
{
    CallerInfo caller;
    if (creds.uid != kUnknownUid)
        caller.uid = creds.uid;
    if (creds.pid > 0) {
        caller.pid = creds.pid;
        caller.unit = unitOfProcess(creds.pid);
        caller.comm = commandOfProcess(creds.pid);
    }
    return caller;
}

RequestGate::RequestGate(sdbus::IConnection& connection, std::string adminGroup, RequestAudit& audit)
    : access_(connection, std::move(adminGroup))
    , audit_(audit)
{
}

void RequestGate::operatorRequest(const sdbus::IObject& object, const BusRequest& request,
                                  const std::function<void()>& carryOut)
{
    audited(object, request, [&](const BusCredentials& creds) {
        access_.requireOperator(creds, request.method);
        carryOut();
    });
}

void RequestGate::memberRequest(const sdbus::IObject& object, const BusRequest& request,
                                const std::function<std::vector<std::string>()>& units,
                                const std::function<void(const GroupCaller&)>& carryOut)
{
    audited(object, request, [&](const BusCredentials& creds) {
        carryOut(access_.requireOperatorOrMember(creds, request.method, request.group, units()));
    });
}

void RequestGate::audited(const sdbus::IObject& object, const BusRequest& request,
                          const std::function<void(const BusCredentials&)>& carryOut)
{
    CallerInfo caller;
    try {
        const BusCredentials creds = access_.callerOf(object);
        caller = callerInfoOf(creds);
        carryOut(creds);
    } catch (const sdbus::Error& e) {
        audit_.record(request, caller, {e.getName(), e.getMessage()});
        throw;
    }
    audit_.record(request, caller, {});
}

} // namespace pgmd
