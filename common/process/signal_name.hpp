#pragma once

#include <string>

namespace pgm {

// "KILL" for 9; the number itself for signals without a name (real-time ones).
std::string signalName(int sig);

} // namespace pgm
