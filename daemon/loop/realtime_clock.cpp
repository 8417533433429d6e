#include "realtime_clock.hpp"

#include <ctime>

namespace pgmd {

TimePoint RealtimeClock::now() const
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return {static_cast<std::int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000};
}

} // namespace pgmd
