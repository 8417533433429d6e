#pragma once
// Turns the loop until a condition holds, with a deadline instead of a sleep.

#include "common/loop/event_loop.hpp"

#include <chrono>
#include <functional>

namespace pgmd::test {

inline bool runUntil(pgm::EventLoop& loop, const std::function<bool()>& done,
                     std::chrono::milliseconds limit = std::chrono::seconds(5))
{
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        if (sd_event_run(loop.get(), 10'000) < 0)
            return false;
    }
    return true;
}

} // namespace pgmd::test
