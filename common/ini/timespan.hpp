#pragma once
// Time spans written the way systemd unit files write them.

#include "common/time/time.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pgm {

// "500ms", "5s", "5min", "1h", "2h 30min", "1.5h", "1d", "1w". A number without
// a unit is seconds. Units: us usec ms msec s sec second seconds m min minute
// minutes h hr hour hours d day days w week weeks. Whitespace may separate the
// parts and a number from its unit. nullopt when malformed or out of range.
std::optional<Duration> parseTimespan(std::string_view);

// The inverse, largest units first: "5min", "1h 30min", "500ms"; zero is "0".
std::string formatTimespan(Duration);

} // namespace pgm
