#pragma once
// A CLOCK_MONOTONIC timer that fires every `period` until stopped. The next
// firing is planned from when the callback ran, so a loop that stalled does
// not catch up with a burst: a stalled loop is exactly what heartbeats are
// meant to reveal.

#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"

#include <functional>

namespace pgm {

class RepeatingTimer {
public:
    // Disarmed until start(). Throws std::system_error.
    RepeatingTimer(EventLoop& loop, Duration period, std::function<void()> onFire);

    // First firing one period from now.
    void start() { timer_.armIn(period_); }
    void stop() { timer_.disarm(); }

private:
    Duration period_;
    std::function<void()> onFire_;
    MonotonicTimer timer_;
};

} // namespace pgm
