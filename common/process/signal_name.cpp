#include "signal_name.hpp"

#include <cstring>

namespace pgm {

std::string signalName(int sig)
{
    const char* abbrev = sigabbrev_np(sig);
    return abbrev ? abbrev : std::to_string(sig);
}

} // namespace pgm
