#pragma once
// A re-armable one-shot timer on the loop's CLOCK_MONOTONIC, for work that is
// worth batching (e.g. saving state after a burst of events).

#include "event_loop.hpp"

#include <functional>

namespace pgmd {

class OneShotTimer {
public:
    explicit OneShotTimer(EventLoop& loop);
    ~OneShotTimer();
    OneShotTimer(const OneShotTimer&) = delete;
    OneShotTimer& operator=(const OneShotTimer&) = delete;

    // Fires `work` once, `delay` from now; while armed, further calls change nothing.
    void armIfIdle(Duration delay, std::function<void()> work);
    void cancel();
    bool armed() const { return armed_; }

private:
    static int onFire(sd_event_source*, std::uint64_t, void* self);

    EventLoop& loop_;
    sd_event_source* source_ = nullptr;
    std::function<void()> work_;
    bool armed_ = false;
};

} // namespace pgmd
