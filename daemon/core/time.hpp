#pragma once
// The core keeps time in the shared vocabulary (common/time): it asks the
// Clock it was given and reads no system clock itself. The names are brought
// into pgmd's namespace because nearly every core type speaks them.

#include "common/time/budget.hpp"
#include "common/time/restart_window.hpp"
#include "common/time/time.hpp"

namespace pgmd {

using pgm::Budget;
using pgm::Clock;
using pgm::Duration;
using pgm::MonoTime;
using pgm::RestartWindow;
using pgm::TimePoint;

} // namespace pgmd
