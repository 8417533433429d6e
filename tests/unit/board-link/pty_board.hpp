#pragma once
// The board's end of a pseudo-terminal, for tests of pgmd's serial link: a
// FakeBoard (a real BoardSession) that answers what the host wrote, from the
// test's own loop (pump) or from a thread while pgmd waits without its loop.

#include "fake_board.hpp"
#include "../common/serial/pseudo_terminal.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace pgmd::boardlink::test {

using Steady = std::chrono::steady_clock;

class PtyBoard {
    pgm::serial::test::PseudoTerminal pty_;  // first: slavePath and master_ are its

public:
    PtyBoard() : slavePath(pty_.slavePath()), master_(pty_.master()) {}
    ~PtyBoard() { stopAnswering(); }

    // Sends the board's own frames (a notice) to the host.
    void send(const icd::Bytes& frame)
    {
        EXPECT_EQ(::write(master_, frame.data(), frame.size()), static_cast<ssize_t>(frame.size()));
    }

    // Reads what the host wrote and answers it.
    void pump()
    {
        std::uint8_t buffer[512];
        for (;;) {
            const ssize_t n = ::read(master_, buffer, sizeof buffer);
            if (n <= 0)
                return;
            const std::size_t before = board.accepted.size();
            icd::Bytes reply = board.receive(icd::ByteView(buffer, static_cast<std::size_t>(n)));
            for (std::size_t i = before; i < board.accepted.size(); ++i)
                arrivals.push_back({board.accepted[i].type(), Steady::now()});
            if (!reply.empty()) {
                EXPECT_EQ(::write(master_, reply.data(), reply.size()), static_cast<ssize_t>(reply.size()));
            }
        }
    }

    // While pgmd stops, the link waits for the answer without the loop: the
    // board answers from a thread meanwhile. Read `board` and `arrivals`
    // only once the thread is joined.
    void answerInBackground()
    {
        answering_ = true;
        answerer_ = std::thread([this] {
            while (answering_) {
                pollfd fd{master_, POLLIN, 0};
                if (::poll(&fd, 1, 20) > 0)
                    pump();
            }
        });
    }
    void stopAnswering()
    {
        answering_ = false;
        if (answerer_.joinable())
            answerer_.join();
    }

    struct Arrival {
        icd::MessageType type;
        Steady::time_point at;
    };

    FakeBoard board;
    std::string slavePath;
    std::vector<Arrival> arrivals;

private:
    const int master_;
    std::atomic<bool> answering_{false};
    std::thread answerer_;
};

} // namespace pgmd::boardlink::test
