#pragma once
// A re-armable one-shot timer on the loop's CLOCK_MONOTONIC, for work that is
// worth batching (e.g. saving state after a burst of events).

#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"

#include <functional>

namespace pgm {

class OneShotTimer {
public:
    explicit OneShotTimer(EventLoop& loop);

    // Fires `work` once, `delay` from now; while armed, further calls change nothing.
    void armIfIdle(Duration delay, std::function<void()> work);
    void cancel();
    bool armed() const { return timer_.armed(); }

private:
    std::function<void()> work_;
    MonotonicTimer timer_;
};

} // namespace pgm
