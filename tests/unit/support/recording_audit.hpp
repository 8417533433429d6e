#pragma once
// A RequestAudit that keeps what it is told, for tests of the bus objects.
// Thread-safe: the server records from its event-loop thread.

#include "bus/request_audit.hpp"

#include <mutex>
#include <vector>

namespace pgmd::test {

struct AuditedCall {
    BusRequest request;
    CallerInfo caller;
    RequestOutcome outcome;
};

class RecordingAudit final : public RequestAudit {
public:
    void record(const BusRequest& request, const CallerInfo& caller, const RequestOutcome& outcome) override
    {
        std::lock_guard lock(mutex_);
        calls_.push_back({request, caller, outcome});
    }

    std::vector<AuditedCall> calls() const
    {
        std::lock_guard lock(mutex_);
        return calls_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<AuditedCall> calls_;
};

} // namespace pgmd::test
