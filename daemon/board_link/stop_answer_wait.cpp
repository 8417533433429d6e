#include "stop_answer_wait.hpp"

#include "common/serial/line_drain.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <poll.h>

namespace pgmd::boardlink {

namespace {

using Steady = std::chrono::steady_clock;

} // namespace

StopWaitResult awaitStopAnswer(int fd, BoardLinkSession& link, StopWaitTimings timings)
{
    const Steady::time_point deadline = Steady::now() + timings.total;
    Steady::time_point resendAt = Steady::now() + timings.resendEvery;
    while (!link.stopSettled()) {
        const Steady::time_point now = Steady::now();
        if (now >= deadline)
            return StopWaitResult::TimedOut;
        if (now >= resendAt) {
            link.resendStop();
            resendAt += timings.resendEvery;
        }
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(std::min(deadline, resendAt) - now);
        pollfd line{fd, POLLIN, 0};
        const int ready = ::poll(&line, 1, static_cast<int>(std::max<std::int64_t>(wait.count(), 0)));
        if (ready < 0 && errno != EINTR)
            return StopWaitResult::LineError;
        if (ready <= 0)
            continue;
        pgm::serial::Drained read;
        if (line.revents & POLLIN)
            read = pgm::serial::drainLine(fd, [&link](icd::ByteView bytes) { link.onBytes(bytes); });
        if (read.error != 0)
            return StopWaitResult::LineError;
        // Nothing more will come on a line that hung up.
        if ((line.revents & (POLLHUP | POLLERR | POLLNVAL)) && !read.gotBytes && !link.stopSettled())
            return StopWaitResult::LineError;
    }
    return StopWaitResult::Settled;
}

} // namespace pgmd::boardlink
