#include "common/serial/baud_rates.hpp"

#include <algorithm>
#include <array>

namespace pgm::serial {

namespace {

// The standard rates every common UART and USB adapter accepts; the faster
// non-standard ones (B1000000 and up) are left out on purpose.
constexpr std::array kRates = {
    BaudRate{1200, B1200},     BaudRate{2400, B2400},     BaudRate{4800, B4800},
    BaudRate{9600, B9600},     BaudRate{19200, B19200},   BaudRate{38400, B38400},
    BaudRate{57600, B57600},   BaudRate{115200, B115200}, BaudRate{230400, B230400},
    BaudRate{460800, B460800}, BaudRate{921600, B921600},
};

} // namespace

std::span<const BaudRate> baudRates()
{
    return kRates;
}

std::optional<speed_t> speedOf(unsigned rate)
{
    const auto found = std::find_if(kRates.begin(), kRates.end(), [rate](const BaudRate& b) { return b.rate == rate; });
    if (found == kRates.end())
        return std::nullopt;
    return found->speed;
}

bool isSupportedBaud(unsigned rate)
{
    return speedOf(rate).has_value();
}

std::string supportedBaudList()
{
    std::string list;
    for (const BaudRate& b : kRates)
        list += (list.empty() ? "" : ", ") + std::to_string(b.rate);
    return list;
}

} // namespace pgm::serial
