// SerialLink on one end of a pseudo-terminal, the test playing the board on
// the other with a real BoardSession: HELLO, heartbeats at the interval,
// DISARM or EXPECT_REBOOT on stop, REQ_CYCLE when asked, a new HELLO after
// the board restarts.

#include "pty_board.hpp"

#include "board_link/serial_link.hpp"
#include "common/loop/system_clock.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <poll.h>
#include <thread>
#include <unistd.h>

namespace pgmd::boardlink {
namespace {

using test::PtyBoard;

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

class SerialLinkPtyTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (pty_.slavePath.empty())
            GTEST_SKIP() << "no pseudo-terminal available";
        spec_.link = IcdLinkKind::Serial;
        spec_.device = pty_.slavePath;
        spec_.hostId = test::FakeBoard::kHost;
        spec_.heartbeatInterval = kInterval;
        spec_.statusInterval = Duration{0};
        link_ = std::make_unique<SerialLink>(
            loop_, spec_, test::testKey(), clock_, [this](const LinkEvent& e) { events_.push_back(e); },
            [this]() -> std::optional<icd::Nonce> { return test::nonceNumber(++nonces_); });
    }

    // Runs the loop and the board until `done`, or fails after the deadline.
    template <class Pred> bool runUntil(Pred done, milliseconds limit = milliseconds(5000))
    {
        const auto deadline = Steady::now() + limit;
        while (!done()) {
            if (Steady::now() > deadline)
                return false;
            sd_event_run(loop_.get(), 10'000);
            pty_.pump();
        }
        return true;
    }

    bool sawEvent(const std::string& part) const
    {
        for (const auto& e : events_)
            if (e.message.find(part) != std::string::npos)
                return true;
        return false;
    }

    std::size_t arrived(icd::MessageType type) const
    {
        std::size_t n = 0;
        for (const auto& a : pty_.arrivals)
            n += a.type == type;
        return n;
    }

    static constexpr Duration kInterval = std::chrono::milliseconds(100);

    PtyBoard pty_;
    pgm::EventLoop loop_;
    pgm::SystemClock clock_;
    IndependentComputerSpec spec_;
    std::vector<LinkEvent> events_;
    std::uint8_t nonces_ = 0;
    std::unique_ptr<SerialLink> link_;
};

TEST_F(SerialLinkPtyTest, HelloThenHeartbeatsAtTheInterval)
{
    link_->start();
    EXPECT_EQ(link_->description(), "serial " + pty_.slavePath);
    ASSERT_TRUE(runUntil([&] { return arrived(icd::MessageType::Heartbeat) >= 5; }));
    EXPECT_EQ(pty_.board.hellos, 1u);
    EXPECT_EQ(link_->snapshot().state, LinkState::Up);

    // The first heartbeat follows HELLO_ACK at once; the others one interval apart.
    std::vector<Steady::time_point> beats;
    for (const auto& a : pty_.arrivals)
        if (a.type == icd::MessageType::Heartbeat)
            beats.push_back(a.at);
    for (std::size_t i = 2; i < beats.size(); ++i) {
        const auto gap = std::chrono::duration_cast<milliseconds>(beats[i] - beats[i - 1]);
        EXPECT_GE(gap, milliseconds(90)) << "beat " << i;
        EXPECT_LE(gap, milliseconds(400)) << "beat " << i;
    }
}

TEST_F(SerialLinkPtyTest, StopForAShutdownDisarmsTheBoardAndEndsTheHeartbeats)
{
    link_->start();
    ASSERT_TRUE(runUntil([&] { return link_->snapshot().state == LinkState::Up; }));
    pty_.answerInBackground();
    link_->stop(StopReason::Shutdown);
    pty_.stopAnswering();
    ASSERT_EQ(arrived(icd::MessageType::Disarm), 1u);
    EXPECT_TRUE(link_->snapshot().lastReply.starts_with("ACK disarm")) << link_->snapshot().lastReply;
    const std::size_t beats = arrived(icd::MessageType::Heartbeat);
    // Three intervals with the loop running: a stopped link sends nothing.
    const auto until = Steady::now() + 3 * kInterval;
    runUntil([&] { return Steady::now() >= until; });
    EXPECT_EQ(arrived(icd::MessageType::Heartbeat), beats);
    EXPECT_EQ(arrived(icd::MessageType::ExpectReboot), 0u);
}

TEST_F(SerialLinkPtyTest, StopForARebootAnnouncesItAndEndsTheHeartbeats)
{
    link_->start();
    ASSERT_TRUE(runUntil([&] { return link_->snapshot().state == LinkState::Up; }));
    pty_.answerInBackground();
    link_->stop(StopReason::Reboot);
    pty_.stopAnswering();
    ASSERT_EQ(arrived(icd::MessageType::ExpectReboot), 1u);
    // The answer was read before stop() returned, and logged.
    EXPECT_TRUE(link_->snapshot().lastReply.starts_with("ACK expect-reboot")) << link_->snapshot().lastReply;
    EXPECT_TRUE(sawEvent("the board answered: ACK expect-reboot"));
    const std::size_t beats = arrived(icd::MessageType::Heartbeat);
    const auto until = Steady::now() + 3 * kInterval;
    runUntil([&] { return Steady::now() >= until; });
    EXPECT_EQ(arrived(icd::MessageType::Heartbeat), beats);
    EXPECT_EQ(arrived(icd::MessageType::Disarm), 0u);
}

TEST_F(SerialLinkPtyTest, StopWaitsForAnAnswerOnlyForAMoment)
{
    link_->start();
    ASSERT_TRUE(runUntil([&] { return link_->snapshot().state == LinkState::Up; }));
    // Nobody answers: the request is sent again, then the link gives up.
    const std::size_t framesBefore = pty_.board.bodies;
    const auto before = Steady::now();
    link_->stop(StopReason::Reboot);
    const auto took = Steady::now() - before;
    EXPECT_GE(took, milliseconds(1400));
    EXPECT_LE(took, milliseconds(3000));
    EXPECT_TRUE(sawEvent("no answer from the independent computer on " + pty_.slavePath));
    pty_.pump();
    EXPECT_EQ(arrived(icd::MessageType::ExpectReboot), 1u) << "the copies are duplicates, acted on once";
    const std::size_t frames = pty_.board.bodies - framesBefore;
    EXPECT_GE(frames, 3u) << "sent, then resent every 500ms while unanswered";
    EXPECT_LE(frames, 4u);
}

TEST_F(SerialLinkPtyTest, CycleRequestIsSentWithItsReason)
{
    link_->start();
    ASSERT_TRUE(runUntil([&] { return link_->snapshot().state == LinkState::Up; }));
    EXPECT_EQ(link_->requestCycle(icd::RequestReason::RebootBudgetSpent, "reboot budget spent"), "");
    ASSERT_TRUE(runUntil([&] { return arrived(icd::MessageType::RequestCycle) == 1; }));
    const icd::Message& m = pty_.board.accepted.back();
    EXPECT_EQ(std::get<icd::RequestCycle>(m.payload).reason, icd::RequestReason::RebootBudgetSpent);
    ASSERT_TRUE(runUntil([&] { return link_->snapshot().lastReply.starts_with("ACK power-cycle request"); }));
}

TEST_F(SerialLinkPtyTest, SaysHelloAgainAfterTheBoardRestarts)
{
    link_->start();
    ASSERT_TRUE(runUntil([&] { return link_->snapshot().state == LinkState::Up; }));
    pty_.board.restart();
    const std::size_t hellos = pty_.board.hellos;
    ASSERT_TRUE(runUntil([&] { return pty_.board.hellos == hellos + 1; }));
    ASSERT_TRUE(runUntil([&] { return link_->snapshot().state == LinkState::Up; }));
    EXPECT_GE(link_->snapshot().counters.at("accepted"), 4u);
}

TEST_F(SerialLinkPtyTest, ALineThatCannotBeOpenedFailsTheStartNamingTheDevice)
{
    spec_.device = "/nonexistent/ttyX";
    SerialLink link(loop_, spec_, test::testKey(), clock_, [](const LinkEvent&) {},
                    []() -> std::optional<icd::Nonce> { return std::nullopt; });
    try {
        link.start();
        FAIL() << "started on a missing device";
    } catch (const pgm::serial::SerialLineError& e) {
        EXPECT_EQ(std::string(e.what()), "/nonexistent/ttyX: cannot open: No such file or directory");
    }
    EXPECT_EQ(link.queryStatus(), "the line /nonexistent/ttyX is not open");
}

} // namespace
} // namespace pgmd::boardlink
