#include "common/loop/oneshot_timer.hpp"

#include <utility>

namespace pgm {

namespace {
// Batching delays are hundreds of milliseconds: a millisecond of slack is free.
constexpr Duration kAccuracy = std::chrono::milliseconds(1);
} // namespace

OneShotTimer::OneShotTimer(EventLoop& loop)
    : timer_(loop.get(), [this] { std::exchange(work_, nullptr)(); }, "one-shot timer", kAccuracy)
{
}

void OneShotTimer::armIfIdle(Duration delay, std::function<void()> work)
{
    if (timer_.armed())
        return;
    work_ = std::move(work);
    timer_.armIn(delay);
}

void OneShotTimer::cancel()
{
    timer_.disarm();
    work_ = nullptr;
}

} // namespace pgm
