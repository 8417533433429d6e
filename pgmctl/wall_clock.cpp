#include "wall_clock.hpp"

#include <ctime>

namespace pgmctl {

std::uint64_t realtimeNowUsec()
{
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<std::uint64_t>(now.tv_sec) * 1000000 + static_cast<std::uint64_t>(now.tv_nsec) / 1000;
}

} // namespace pgmctl
