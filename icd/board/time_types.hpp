#pragma once
// The board keeps time as pgmd does (core/time.hpp): deadlines on the
// monotonic clock, stamps that must outlive a reboot on the wall clock, and
// both read from a Clock the caller hands in.

#include "core/time.hpp"

namespace icd::board {

using pgmd::Clock;
using pgmd::Duration;
using pgmd::MonoTime;
using pgmd::TimePoint;

} // namespace icd::board
