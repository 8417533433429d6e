#pragma once
// The line speeds a serial line may be set to. termios knows speeds only as
// fixed codes (B9600, ...), so a rate from a configuration file is looked up
// here; both pgmd's and the board's configuration readers accept exactly
// these, so that the two ends of one line can always be set alike.

#include <termios.h>

#include <optional>
#include <span>
#include <string>

namespace pgm::serial {

struct BaudRate {
    unsigned rate;
    speed_t speed;
};

// Slowest first.
std::span<const BaudRate> baudRates();

bool isSupportedBaud(unsigned rate);

// The termios code for `rate`; nothing when it is not in the table.
std::optional<speed_t> speedOf(unsigned rate);

// "1200, 2400, ..., 921600": what an error message offers instead.
std::string supportedBaudList();

} // namespace pgm::serial
