#pragma once
// Real GPIO lines for pgm-icd, through libgpiod.

#include "icd_daemon.hpp"

namespace icd::daemon {

GpioLines libgpiodLines();

} // namespace icd::daemon
