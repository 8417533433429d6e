#pragma once
// The audit trail: every request the bus reports (RequestAudit) becomes one
// journal entry. Here is decided how each is worded and how loud it is:
// operators' changes are notices, an application's acknowledgement (one per
// start of its group) is info, and a refusal is louder than the same
// request accepted; access denied is always a warning.

#include "bus/request_audit.hpp"
#include "log/request_entry.hpp"

namespace pgmd {

class RequestAuditLog final : public RequestAudit {
public:
    void record(const BusRequest& request, const CallerInfo& caller, const RequestOutcome& outcome) override;
};

// The entry's content, apart from writing it.
log::RequestRecord auditRecord(const BusRequest& request, const CallerInfo& caller, const RequestOutcome& outcome);

// The most of a caller's text (an argument, or a refusal quoting one) that
// goes into the journal: refused calls are recorded too, so a stranger must
// not be able to fill the journal with one call.
inline constexpr std::size_t kMaxAuditedTextBytes = 1024;

} // namespace pgmd
