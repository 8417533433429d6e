#pragma once
// A sliding-window counter: "at most N events within W". Events older than the
// window no longer count, so budgets recover by themselves as time passes.

#include "budget.hpp"

#include <optional>
#include <vector>

namespace pgm {

class RestartWindow {
public:
    RestartWindow() = default;
    explicit RestartWindow(Budget budget) : budget_(budget) {}

    // True when one more event at `now` stays within the budget.
    bool allows(TimePoint now) const;
    void record(TimePoint now);
    unsigned countAt(TimePoint now) const;
    // When the oldest counted event stops counting; nothing if none is counted.
    std::optional<TimePoint> nextExpiry() const;
    // Drops events that no longer count; true if there were any.
    bool expire(TimePoint now);

    const Budget& budget() const { return budget_; }
    // A reloaded configuration: events already counted keep counting.
    void setBudget(Budget budget) { budget_ = budget; }
    void clear() { times_.clear(); }
    const std::vector<TimePoint>& times() const { return times_; }
    // Restore persisted times; entries older than the window are dropped.
    void restore(const std::vector<TimePoint>& times, TimePoint now);

private:
    bool prune(TimePoint now);
    Budget budget_;
    std::vector<TimePoint> times_;
};

} // namespace pgm
