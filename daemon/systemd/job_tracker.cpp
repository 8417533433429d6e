#include "job_tracker.hpp"

namespace pgmd {

JobTracker::Ticket JobTracker::callSent()
{
    awaitingReply_.insert(++lastTicket_);
    return lastTicket_;
}

void JobTracker::replyArrived(Ticket ticket)
{
    awaitingReply_.erase(ticket);
    // An early removal can only belong to a call sent before it was seen; once
    // all of those are answered nobody can claim it.
    Ticket oldestWaiting = awaitingReply_.empty() ? lastTicket_ + 1 : *awaitingReply_.begin();
    std::erase_if(early_, [&](const auto& e) { return e.second.lastCallBefore < oldestWaiting; });
}

std::optional<FinishedJob> JobTracker::callSucceeded(Ticket ticket, const std::string& unit, JobKind kind,
                                                     const std::string& jobPath)
{
    std::optional<FinishedJob> finished;
    if (auto it = early_.find(jobPath); it != early_.end())
        // Left in place: another call merged into the same job may name it too.
        finished = FinishedJob{unit, kind, it->second.result};
    else
        pending_[jobPath].push_back({unit, kind});
    replyArrived(ticket);
    return finished;
}

void JobTracker::callFailed(Ticket ticket)
{
    replyArrived(ticket);
}

std::vector<FinishedJob> JobTracker::jobRemoved(const std::string& jobPath, const std::string& result)
{
    std::vector<FinishedJob> finished;
    if (auto it = pending_.find(jobPath); it != pending_.end()) {
        for (auto& p : it->second)
            finished.push_back({p.unit, p.kind, result});
        pending_.erase(it);
    }
    if (!awaitingReply_.empty())
        early_[jobPath] = {result, lastTicket_};
    return finished;
}

} // namespace pgmd
