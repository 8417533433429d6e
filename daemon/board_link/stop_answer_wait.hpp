#pragma once
// pgmd's loop has ended by the time the link stops, so nothing else reads
// the line: this reads it for a moment, so that the board's answer to DISARM
// or EXPECT_REBOOT reaches the BoardLinkSession (and the journal), and sends the
// request again while it goes unanswered (a frame lost to noise would leave
// the board armed, and it would power-cycle a host that stops on purpose).

#include "board_link_session.hpp"

#include <chrono>

namespace pgmd::boardlink {

struct StopWaitTimings {
    // Long enough for a few round trips on a slow line, short enough not to
    // hold up a shutdown.
    std::chrono::milliseconds total{1500};
    std::chrono::milliseconds resendEvery{500};
};

enum class StopWaitResult {
    Settled,  // answered, or there was nothing to wait for
    TimedOut, // no answer within the time
    LineError,
};

// `fd` is the link's non-blocking line; its bytes go to link.onBytes().
StopWaitResult awaitStopAnswer(int fd, BoardLinkSession& link, StopWaitTimings timings = {});

} // namespace pgmd::boardlink
