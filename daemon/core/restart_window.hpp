#pragma once
// A sliding-window counter: "at most N events within W". Events older than the
// window no longer count, so budgets recover by themselves as time passes.

#include "model.hpp"

#include <vector>

namespace pgmd {

class RestartWindow {
public:
    RestartWindow() = default;
    explicit RestartWindow(Budget budget) : budget_(budget) {}

    // True when one more event at `now` stays within the budget.
    bool allows(TimePoint now) const;
    void record(TimePoint now);
    unsigned countAt(TimePoint now) const;

    const Budget& budget() const { return budget_; }
    const std::vector<TimePoint>& times() const { return times_; }
    // Restore persisted times; entries older than the window are dropped.
    void restore(const std::vector<TimePoint>& times, TimePoint now);

private:
    void prune(TimePoint now);
    Budget budget_;
    std::vector<TimePoint> times_;
};

} // namespace pgmd
