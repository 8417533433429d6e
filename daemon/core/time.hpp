#pragma once
// Time as the core sees it: plain microsecond counts handed in by the caller.
// The core never reads a clock itself; the daemon passes CLOCK_REALTIME so that
// persisted restart and reboot timestamps stay meaningful across reboots.

#include <chrono>
#include <cstdint>

namespace pgmd {

using Duration = std::chrono::microseconds;

// Microseconds since the Unix epoch.
struct TimePoint {
    std::int64_t usec = 0;

    friend constexpr bool operator==(TimePoint, TimePoint) = default;
    friend constexpr auto operator<=>(TimePoint, TimePoint) = default;
    friend constexpr TimePoint operator+(TimePoint t, Duration d) { return {t.usec + d.count()}; }
    friend constexpr TimePoint operator-(TimePoint t, Duration d) { return {t.usec - d.count()}; }
    friend constexpr Duration operator-(TimePoint a, TimePoint b) { return Duration{a.usec - b.usec}; }
};

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

} // namespace pgmd
