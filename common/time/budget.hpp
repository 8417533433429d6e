#pragma once
// A recovery budget: "at most Burst events within Interval". pgmd's ladder
// and the board's power cycles both spend one.

#include "time.hpp"

namespace pgm {

// Burst == 0 means the step the budget guards is skipped.
struct Budget {
    unsigned burst = 0;
    Duration interval{0};
    friend bool operator==(const Budget&, const Budget&) = default;
};

} // namespace pgm
