#pragma once

#include <cstdint>

namespace pgmctl {

// CLOCK_REALTIME in microseconds, the clock of pgmd's timestamps.
std::uint64_t realtimeNowUsec();

} // namespace pgmctl
