// The owned event sources of common/loop on a real sd-event loop: each fires
// as asked, goes away with its owner (even from inside its own callback),
// and a handler that throws ends the loop with a failure.

#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"
#include "common/loop/system_clock.hpp"
#include "run_until.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pgm {
namespace {

using namespace std::chrono_literals;
using pgmd::test::runUntil;

TEST(MonotonicTimer, FiresOnceWhenDueAndNotWhenDisarmed)
{
    EventLoop loop;
    SystemClock clock;
    int fired = 0;
    int disarmedFired = 0;
    MonotonicTimer timer(loop.get(), [&] { ++fired; }, "test timer");
    MonotonicTimer disarmed(loop.get(), [&] { ++disarmedFired; }, "disarmed timer");
    const MonoTime armedAt = clock.monotonic();
    timer.armIn(20ms);
    disarmed.armIn(10ms);
    disarmed.disarm();
    EXPECT_TRUE(timer.armed());
    ASSERT_TRUE(runUntil(loop, [&] { return fired == 1; }));
    EXPECT_GE(clock.monotonic() - armedAt, std::chrono::duration_cast<Duration>(20ms));
    EXPECT_FALSE(timer.armed());
    // A later marker proves the loop ran past both deadlines.
    bool later = false;
    MonotonicTimer marker(loop.get(), [&] { later = true; }, "marker");
    marker.armIn(50ms);
    ASSERT_TRUE(runUntil(loop, [&] { return later; }));
    EXPECT_EQ(fired, 1);
    EXPECT_EQ(disarmedFired, 0);
}

TEST(MonotonicTimer, MayDestroyItselfFromItsCallback)
{
    EventLoop loop;
    std::unique_ptr<MonotonicTimer> timer;
    bool fired = false;
    timer = std::make_unique<MonotonicTimer>(
        loop.get(),
        [&] {
            fired = true;
            timer.reset();
        },
        "self-destroying timer");
    timer->armAt(MonoTime{1});
    ASSERT_TRUE(runUntil(loop, [&] { return fired; }));
    EXPECT_EQ(timer, nullptr);
}

TEST(IoWatch, ReportsReadinessUntilDisabled)
{
    EventLoop loop;
    const int fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    ASSERT_GE(fd, 0);
    std::vector<std::uint32_t> seen;
    IoWatch watch(
        loop.get(), fd, EPOLLIN,
        [&](std::uint32_t revents) {
            std::uint64_t n = 0;
            ASSERT_EQ(::read(fd, &n, sizeof n), static_cast<ssize_t>(sizeof n));
            seen.push_back(revents);
        },
        "eventfd");
    const std::uint64_t one = 1;
    ASSERT_EQ(::write(fd, &one, sizeof one), static_cast<ssize_t>(sizeof one));
    ASSERT_TRUE(runUntil(loop, [&] { return seen.size() == 1; }));
    EXPECT_TRUE(seen.front() & EPOLLIN);

    watch.enable(false);
    ASSERT_EQ(::write(fd, &one, sizeof one), static_cast<ssize_t>(sizeof one));
    EXPECT_FALSE(runUntil(loop, [&] { return seen.size() == 2; }, 100ms));
    watch.enable(true);
    EXPECT_TRUE(runUntil(loop, [&] { return seen.size() == 2; }));
    ::close(fd);
}

TEST(ChildWatch, ReportsHowTheChildEnded)
{
    blockChildSignals();
    EventLoop loop;
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0)
        ::_exit(3);
    std::optional<siginfo_t> ended;
    ChildWatch watch(loop.get(), pid, [&](const siginfo_t& info) { ended = info; }, "child");
    ASSERT_TRUE(runUntil(loop, [&] { return ended.has_value(); }));
    EXPECT_EQ(ended->si_pid, pid);
    EXPECT_EQ(ended->si_code, CLD_EXITED);
    EXPECT_EQ(ended->si_status, 3);
}

TEST(DeferredWork, IdleWorkWaitsForWhatIsPending)
{
    EventLoop loop;
    std::vector<std::string> order;
    DeferredWork idle(loop.get(), [&] { order.push_back("idle"); }, "idle work", SD_EVENT_PRIORITY_IDLE);
    DeferredWork normal(loop.get(), [&] { order.push_back("normal"); }, "normal work");
    idle.trigger();
    normal.trigger();
    ASSERT_TRUE(runUntil(loop, [&] { return order.size() == 2; }));
    EXPECT_EQ(order, (std::vector<std::string>{"normal", "idle"}));
    // Once per trigger.
    EXPECT_FALSE(runUntil(loop, [&] { return order.size() > 2; }, 50ms));
}

TEST(OwnedSources, AThrowingHandlerEndsTheLoopWithFailure)
{
    EventLoop loop;
    DeferredWork failing(loop.get(), [] { throw std::runtime_error("broken"); }, "failing work");
    failing.trigger();
    EXPECT_EQ(loop.run(), EXIT_FAILURE);
}

} // namespace
} // namespace pgm
