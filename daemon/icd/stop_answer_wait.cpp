#include "stop_answer_wait.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <poll.h>
#include <unistd.h>

namespace pgmd::icdhost {

namespace {

using Steady = std::chrono::steady_clock;

enum class ReadResult { Bytes, Nothing, Failed };

// Reads what is there. A raw tty reads 0 bytes when nothing is pending: that
// is no end of file (a line has none); a hang-up shows in poll's revents.
ReadResult readPending(int fd, HostLink& link)
{
    std::array<std::uint8_t, 512> buffer;
    ReadResult result = ReadResult::Nothing;
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n > 0) {
            link.onBytes(icd::ByteView(buffer.data(), static_cast<std::size_t>(n)));
            result = ReadResult::Bytes;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n == 0 || errno == EAGAIN ? result : ReadResult::Failed;
    }
}

} // namespace

StopWaitResult awaitStopAnswer(int fd, HostLink& link, StopWaitTimings timings)
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
        const ReadResult read = (line.revents & POLLIN) ? readPending(fd, link) : ReadResult::Nothing;
        if (read == ReadResult::Failed)
            return StopWaitResult::LineError;
        // Nothing more will come on a line that hung up.
        if ((line.revents & (POLLHUP | POLLERR | POLLNVAL)) && read == ReadResult::Nothing && !link.stopSettled())
            return StopWaitResult::LineError;
    }
    return StopWaitResult::Settled;
}

} // namespace pgmd::icdhost
