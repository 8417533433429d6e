#pragma once
// Matches systemd's JobRemoved signals to the job calls pgmd made. The job's
// path is known only from the call's reply, and the signal may be processed
// before that reply, so both orders are handled. Jobs pgmd did not start are
// ignored; a removal seen early is kept only while a call sent before it still
// awaits its reply, so foreign jobs never pile up.

#include "core/engine.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pgmd {

struct FinishedJob {
    std::string unit;
    JobKind kind;
    std::string result;
    friend bool operator==(const FinishedJob&, const FinishedJob&) = default;
};

class JobTracker {
public:
    using Ticket = std::uint64_t;

    // A job call went out; pass the ticket with its reply.
    Ticket callSent();
    // The reply named the job. Returns the job if it already finished.
    std::optional<FinishedJob> callSucceeded(Ticket, const std::string& unit, JobKind kind,
                                             const std::string& jobPath);
    // The call failed: no job will follow.
    void callFailed(Ticket);
    // systemd's JobRemoved. Returns the calls of pgmd's that the job answers;
    // systemd merges a job asked for twice into one, so there may be several.
    // `unit` is not used for matching: systemd names the unit behind an alias.
    std::vector<FinishedJob> jobRemoved(const std::string& jobPath, const std::string& result);

    // Whether the job may be one of pgmd's: it is, or a call's reply that
    // could name it has not arrived yet.
    bool mayBeOurs(const std::string& jobPath) const
    {
        return pending_.contains(jobPath) || !awaitingReply_.empty();
    }
    std::size_t jobsAwaitingRemoval() const { return pending_.size(); }
    std::size_t callsAwaitingReply() const { return awaitingReply_.size(); }
    std::size_t earlyRemovalsKept() const { return early_.size(); }

private:
    struct Pending {
        std::string unit;
        JobKind kind;
    };
    struct Early {
        std::string result;
        Ticket lastCallBefore;  // only calls up to this one can have created the job
    };
    void replyArrived(Ticket);

    Ticket lastTicket_ = 0;
    std::set<Ticket> awaitingReply_;
    std::map<std::string, std::vector<Pending>> pending_;  // job path -> calls it answers
    std::map<std::string, Early> early_;                   // job path -> removal seen before a reply
};

} // namespace pgmd
