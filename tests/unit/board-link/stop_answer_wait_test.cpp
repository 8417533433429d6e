// Waiting for the board's answer to DISARM / EXPECT_REBOOT once pgmd's loop
// has ended: the answer settles it, silence ends it after resends, and a
// line that hung up ends it at once.

#include "fake_board.hpp"

#include "board_link/stop_answer_wait.hpp"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

namespace pgmd::boardlink {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

class FixedClock : public Clock {
public:
    TimePoint now() const override { return {1'700'000'000'000'000}; }
    MonoTime monotonic() const override { return {1}; }
};

class StopAnswerWaitTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, line_), 0);
        // The session is opened by hand, frames carried directly.
        link_.start();
        carry();
        ASSERT_EQ(link_.state(), LinkState::Up);
    }
    void TearDown() override
    {
        for (int fd : line_)
            if (fd >= 0)
                ::close(fd);
    }

    // Frames the host sent go to the board; what it answers goes back directly.
    void carry()
    {
        while (!sent_.empty()) {
            std::vector<icd::Bytes> frames;
            frames.swap(sent_);
            for (const icd::Bytes& frame : frames) {
                icd::Bytes back = board_.receive(frame);
                if (!back.empty())
                    link_.onBytes(back);
            }
        }
    }

    // Frames the host sent go to the board; its answers are put on the line.
    void answerOnTheLine()
    {
        std::vector<icd::Bytes> frames;
        frames.swap(sent_);
        for (const icd::Bytes& frame : frames) {
            icd::Bytes back = board_.receive(frame);
            ASSERT_EQ(::write(line_[1], back.data(), back.size()), static_cast<ssize_t>(back.size()));
        }
    }

    FixedClock clock_;
    test::FakeBoard board_;
    std::vector<icd::Bytes> sent_;
    std::vector<LinkEvent> events_;
    std::uint8_t nonces_ = 0;
    int line_[2] = {-1, -1};
    BoardLinkSession link_{test::FakeBoard::kHost, test::testKey(), clock_,
                   [this](const icd::Bytes& f) { sent_.push_back(f); },
                   [this](const LinkEvent& e) { events_.push_back(e); },
                   [this]() -> std::optional<icd::Nonce> { return test::nonceNumber(++nonces_); }};
};

TEST_F(StopAnswerWaitTest, TheAnswerOnTheLineSettlesIt)
{
    ASSERT_TRUE(link_.announceStop(StopReason::Reboot));
    answerOnTheLine();
    const auto before = Steady::now();
    EXPECT_EQ(awaitStopAnswer(line_[0], link_), StopWaitResult::Settled);
    EXPECT_LT(Steady::now() - before, 500ms);
    EXPECT_TRUE(link_.snapshot().lastReply.starts_with("ACK expect-reboot")) << link_.snapshot().lastReply;
}

TEST_F(StopAnswerWaitTest, NothingToWaitForWithoutARequest)
{
    EXPECT_EQ(awaitStopAnswer(line_[0], link_), StopWaitResult::Settled);
}

TEST_F(StopAnswerWaitTest, SilenceEndsItAfterResendingTheRequest)
{
    ASSERT_TRUE(link_.announceStop(StopReason::Shutdown));
    ASSERT_EQ(sent_.size(), 1u);
    EXPECT_EQ(awaitStopAnswer(line_[0], link_, {200ms, 50ms}), StopWaitResult::TimedOut);
    ASSERT_GE(sent_.size(), 3u);
    EXPECT_LE(sent_.size(), 5u);
    for (const icd::Bytes& copy : sent_)
        EXPECT_EQ(copy, sent_.front()) << "a resent request keeps its bytes";
}

TEST_F(StopAnswerWaitTest, ALineThatHungUpEndsItAtOnce)
{
    ASSERT_TRUE(link_.announceStop(StopReason::Reboot));
    ::close(line_[1]);
    line_[1] = -1;
    const auto before = Steady::now();
    EXPECT_EQ(awaitStopAnswer(line_[0], link_), StopWaitResult::LineError);
    EXPECT_LT(Steady::now() - before, 500ms);
}

} // namespace
} // namespace pgmd::boardlink
