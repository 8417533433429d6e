#pragma once
// A CLOCK_MONOTONIC timer on pgmd's loop that fires every `period` until
// stopped. The next firing is planned from when the callback ran, so a loop
// that stalled does not catch up with a burst: a stalled loop is exactly
// what the heartbeats are meant to reveal.

#include "loop/event_loop.hpp"

#include <functional>

namespace pgmd::icdhost {

class RepeatingTimer {
public:
    // Disarmed until start(). Throws std::system_error.
    RepeatingTimer(EventLoop& loop, Duration period, std::function<void()> onFire);
    ~RepeatingTimer();
    RepeatingTimer(const RepeatingTimer&) = delete;
    RepeatingTimer& operator=(const RepeatingTimer&) = delete;

    // First firing one period from now.
    void start();
    void stop();

private:
    static int onTime(sd_event_source*, std::uint64_t, void* self);
    void armFromNow();

    EventLoop& loop_;
    Duration period_;
    std::function<void()> onFire_;
    sd_event_source* source_ = nullptr;
};

} // namespace pgmd::icdhost
