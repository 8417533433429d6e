#pragma once
// The engine's clock: CLOCK_REALTIME for the times it records, CLOCK_MONOTONIC
// for its deadlines (the loop's deadline timer uses the same clock).

#include "common/time/time.hpp"

namespace pgm {

class SystemClock : public Clock {
public:
    TimePoint now() const override;
    MonoTime monotonic() const override;
};

} // namespace pgm
