#pragma once
// A clock that moves only when told: for unit tests, recorded scenarios and
// simulations of the pure logic that takes a Clock. Wall-clock and monotonic
// time advance together unless the wall clock is stepped (NTP, an operator's date).

#include "time.hpp"

namespace pgm {

class ManualClock : public Clock {
public:
    TimePoint now() const override { return wall; }
    MonoTime monotonic() const override { return mono; }
    void advance(Duration d)
    {
        wall = wall + d;
        mono = mono + d;
    }
    void stepWallClock(Duration d) { wall = wall + d; }

    TimePoint wall{1'700'000'000'000'000};
    MonoTime mono{5'000'000};
};

} // namespace pgm
