#include "common/loop/system_clock.hpp"

#include <ctime>

namespace pgm {

namespace {

std::int64_t usecOf(clockid_t id)
{
    timespec ts{};
    clock_gettime(id, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

} // namespace

TimePoint SystemClock::now() const
{
    return {usecOf(CLOCK_REALTIME)};
}

MonoTime SystemClock::monotonic() const
{
    return {usecOf(CLOCK_MONOTONIC)};
}

} // namespace pgm
