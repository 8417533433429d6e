#pragma once
// The board keeps time in the shared vocabulary (common/time): deadlines on the
// monotonic clock, stamps that must outlive a reboot on the wall clock, and
// both read from a Clock the caller hands in.

#include "common/time/time.hpp"

namespace icd::board {

using pgm::Clock;
using pgm::Duration;
using pgm::MonoTime;
using pgm::TimePoint;

} // namespace icd::board
