#pragma once
// Time as plain microsecond counts. Logic that must be testable (pgmd's core,
// the board's watch) asks the Clock it was given (below) and calls no system
// clock itself, so tests drive it with a fake one. Two kinds of time, kept
// apart by type:
// wall-clock time (CLOCK_REALTIME) stamps restarts and reboots, so that
// persisted counters still mean something after a reboot; monotonic time
// (CLOCK_MONOTONIC) drives deadlines, so that a step of the wall clock (an NTP
// sync, an operator's date) neither fires nor delays them.

#include <chrono>
#include <cstdint>

namespace pgm {

using Duration = std::chrono::microseconds;

template <typename Tag>
struct BasicTime {
    std::int64_t usec = 0;

    friend constexpr bool operator==(BasicTime, BasicTime) = default;
    friend constexpr auto operator<=>(BasicTime, BasicTime) = default;
    friend constexpr BasicTime operator+(BasicTime t, Duration d) { return {t.usec + d.count()}; }
    friend constexpr BasicTime operator-(BasicTime t, Duration d) { return {t.usec - d.count()}; }
    friend constexpr Duration operator-(BasicTime a, BasicTime b) { return Duration{a.usec - b.usec}; }
};

// Microseconds since the Unix epoch.
using TimePoint = BasicTime<struct WallClockTag>;
// Microseconds on CLOCK_MONOTONIC.
using MonoTime = BasicTime<struct MonotonicTag>;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
    virtual MonoTime monotonic() const = 0;
};

} // namespace pgm
