#include "common/loop/repeating_timer.hpp"

namespace pgm {

namespace {
// Heartbeat periods are seconds; a millisecond of slack lets sd-event merge wakeups.
constexpr Duration kAccuracy = std::chrono::milliseconds(1);
} // namespace

RepeatingTimer::RepeatingTimer(EventLoop& loop, Duration period, std::function<void()> onFire)
    : period_(period), onFire_(std::move(onFire)), timer_(loop.get(), [this] {
          timer_.armIn(period_);
          onFire_();
      }, "repeating timer", kAccuracy)
{
}

} // namespace pgm
