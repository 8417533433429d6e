#include "repeating_timer.hpp"

#include "loop/sd_check.hpp"

#include <exception>
#include <string>

namespace pgmd::icdhost {

namespace {
// Heartbeat periods are seconds; a millisecond of slack lets sd-event merge wakeups.
constexpr std::uint64_t kAccuracyUsec = 1000;
} // namespace

RepeatingTimer::RepeatingTimer(EventLoop& loop, Duration period, std::function<void()> onFire)
    : loop_(loop), period_(period), onFire_(std::move(onFire))
{
    throwIfNegative(sd_event_add_time(loop.get(), &source_, CLOCK_MONOTONIC, 0, kAccuracyUsec, onTime, this),
                    "sd_event_add_time (repeating timer)");
    throwIfNegative(sd_event_source_set_enabled(source_, SD_EVENT_OFF), "disable repeating timer");
}

RepeatingTimer::~RepeatingTimer()
{
    sd_event_source_disable_unref(source_);
}

void RepeatingTimer::start()
{
    armFromNow();
}

void RepeatingTimer::stop()
{
    sd_event_source_set_enabled(source_, SD_EVENT_OFF);
}

void RepeatingTimer::armFromNow()
{
    throwIfNegative(sd_event_source_set_time_relative(source_, static_cast<std::uint64_t>(period_.count())),
                    "set repeating timer");
    throwIfNegative(sd_event_source_set_enabled(source_, SD_EVENT_ONESHOT), "enable repeating timer");
}

int RepeatingTimer::onTime(sd_event_source*, std::uint64_t, void* self)
{
    auto* timer = static_cast<RepeatingTimer*>(self);
    try {
        timer->armFromNow();
        timer->onFire_();
    } catch (const std::exception& e) {
        timer->loop_.fail((std::string("repeating timer: ") + e.what()).c_str());
    }
    return 0;
}

} // namespace pgmd::icdhost
