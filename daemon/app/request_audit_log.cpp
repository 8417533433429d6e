#include "request_audit_log.hpp"

#include "bus/bus_names.hpp"
#include "log/journal.hpp"

#include "common/text/utf8.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <syslog.h>

namespace pgmd {

namespace {

struct RequestKind {
    std::string_view method;  // as the bus names it
    std::string_view verb;    // as pgmctl spells it
    std::string_view origin;
    int acceptedPriority;
    int refusedPriority;
};

constexpr std::string_view kOperator = "operator";
constexpr std::string_view kApplication = "application";

constexpr std::array kKinds{
    RequestKind{"Offline", "offline", kOperator, LOG_NOTICE, LOG_WARNING},
    RequestKind{"Online", "online", kOperator, LOG_NOTICE, LOG_WARNING},
    RequestKind{"Restart", "restart", kOperator, LOG_NOTICE, LOG_WARNING},
    RequestKind{"RestartMember", "restart-member", kOperator, LOG_NOTICE, LOG_WARNING},
    RequestKind{"ResetFailed", "reset-failed", kOperator, LOG_NOTICE, LOG_WARNING},
    RequestKind{"Activate", "activate", kOperator, LOG_NOTICE, LOG_WARNING},
    RequestKind{"Deactivate", "deactivate", kOperator, LOG_NOTICE, LOG_WARNING},
    RequestKind{"Reload", "reload", kOperator, LOG_NOTICE, LOG_WARNING},
    RequestKind{"RequestPowerCycle", "power-cycle", kOperator, LOG_WARNING, LOG_WARNING},
    // Part of every start of a group with Handshake=bus; a stale incarnation
    // is the usual race with a restart.
    RequestKind{"Acknowledge", "acknowledge", kApplication, LOG_INFO, LOG_NOTICE},
    // A fault, whoever reports it.
    RequestKind{"ReportFault", "report-fault", kApplication, LOG_WARNING, LOG_WARNING},
};

RequestKind kindOf(std::string_view method)
{
    const auto* kind = std::find_if(kKinds.begin(), kKinds.end(), [&](const RequestKind& k) { return k.method == method; });
    // A request this table does not know yet is still recorded, as loud as an operator's.
    return kind != kKinds.end() ? *kind : RequestKind{method, method, kOperator, LOG_NOTICE, LOG_WARNING};
}

int priorityOf(const RequestKind& kind, const RequestOutcome& outcome)
{
    if (outcome.accepted())
        return kind.acceptedPriority;
    if (outcome.error == busnames::kErrorAccessDenied)
        return std::min(kind.refusedPriority, LOG_WARNING);
    return kind.refusedPriority;
}

std::string cappedText(const std::string& text)
{
    return pgm::text::capped(text, kMaxAuditedTextBytes);
}

log::RequestCallerFields callerFields(const CallerInfo& caller)
{
    log::RequestCallerFields fields;
    if (caller.uid)
        fields.uid = *caller.uid;
    if (caller.pid)
        fields.pid = *caller.pid;
    fields.unit = caller.unit.value_or("");
    fields.comm = caller.comm.value_or("");
    return fields;
}

} // namespace

log::RequestRecord auditRecord(const BusRequest& request, const CallerInfo& caller, const RequestOutcome& outcome)
{
    const RequestKind kind = kindOf(request.method);
    log::RequestRecord r;
    r.priority = priorityOf(kind, outcome);
    r.origin = kind.origin;
    r.request = request.method;
    r.verb = kind.verb;
    r.group = request.group;
    for (const auto& [name, value] : request.arguments)
        r.arguments.emplace_back(name, cappedText(value));
    r.accepted = outcome.accepted();
    r.error = outcome.error;
    r.errorMessage = cappedText(outcome.message);
    r.caller = callerFields(caller);
    return r;
}

void RequestAuditLog::record(const BusRequest& request, const CallerInfo& caller, const RequestOutcome& outcome)
{
    log::request(auditRecord(request, caller, outcome));
}

} // namespace pgmd
