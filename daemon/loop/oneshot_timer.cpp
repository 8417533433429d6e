#include "oneshot_timer.hpp"

#include "sd_check.hpp"

#include <exception>
#include <string>

namespace pgmd {

OneShotTimer::OneShotTimer(EventLoop& loop) : loop_(loop)
{
    throwIfNegative(sd_event_add_time(loop.get(), &source_, CLOCK_MONOTONIC, 0, 1000, onFire, this),
                    "sd_event_add_time (one-shot timer)");
    throwIfNegative(sd_event_source_set_enabled(source_, SD_EVENT_OFF), "disable one-shot timer");
}

OneShotTimer::~OneShotTimer()
{
    sd_event_source_disable_unref(source_);
}

void OneShotTimer::armIfIdle(Duration delay, std::function<void()> work)
{
    if (armed_)
        return;
    throwIfNegative(sd_event_source_set_time_relative(source_, static_cast<std::uint64_t>(delay.count())),
                    "set one-shot timer");
    throwIfNegative(sd_event_source_set_enabled(source_, SD_EVENT_ONESHOT), "enable one-shot timer");
    work_ = std::move(work);
    armed_ = true;
}

void OneShotTimer::cancel()
{
    sd_event_source_set_enabled(source_, SD_EVENT_OFF);
    work_ = nullptr;
    armed_ = false;
}

int OneShotTimer::onFire(sd_event_source*, std::uint64_t, void* self)
{
    auto* timer = static_cast<OneShotTimer*>(self);
    timer->armed_ = false;
    auto work = std::move(timer->work_);
    try {
        work();
    } catch (const std::exception& e) {
        timer->loop_.fail((std::string("timer: ") + e.what()).c_str());
    }
    return 0;
}

} // namespace pgmd
