#include "common/loop/event_loop.hpp"
#include "common/loop/system_clock.hpp"
#include "run_until.hpp"

#include <csignal>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pgm {
namespace {

using namespace std::chrono_literals;
using pgmd::test::runUntil;

TEST(EventLoop, DeadlineFires)
{
    EventLoop loop;
    SystemClock clock;
    auto due = clock.monotonic() + 50ms;
    std::optional<MonoTime> firedAt;
    loop.setDeadline(due, [&] { firedAt = clock.monotonic(); });
    ASSERT_TRUE(runUntil(loop, [&] { return firedAt.has_value(); }));
    EXPECT_GE(*firedAt, due);
    EXPECT_LT(*firedAt - due, std::chrono::duration_cast<Duration>(200ms));
}

TEST(EventLoop, PastDeadlineFiresAtOnce)
{
    EventLoop loop;
    bool fired = false;
    loop.setDeadline(MonoTime{1}, [&] { fired = true; });
    EXPECT_TRUE(runUntil(loop, [&] { return fired; }, 1s));
}

TEST(EventLoop, DeadlineCanBeRearmedFromItsHandler)
{
    EventLoop loop;
    SystemClock clock;
    int fired = 0;
    std::function<void()> again = [&] {
        if (++fired < 3)
            loop.setDeadline(clock.monotonic() + 10ms, again);
    };
    loop.setDeadline(clock.monotonic() + 10ms, again);
    ASSERT_TRUE(runUntil(loop, [&] { return fired == 3; }));
}

TEST(EventLoop, DisarmedDeadlineDoesNotFire)
{
    EventLoop loop;
    SystemClock clock;
    bool disarmedFired = false;
    loop.setDeadline(clock.monotonic() + 10ms, [&] { disarmedFired = true; });
    loop.setDeadline(std::nullopt, {});
    // A defer-driven marker 100 ms later proves the loop ran past the old deadline.
    bool later = false;
    sd_event_source* marker = nullptr;
    ASSERT_GE(sd_event_add_time_relative(loop.get(), &marker, CLOCK_MONOTONIC, 100'000, 1000,
                                         [](sd_event_source*, uint64_t, void* flag) {
                                             *static_cast<bool*>(flag) = true;
                                             return 0;
                                         },
                                         &later),
              0);
    ASSERT_TRUE(runUntil(loop, [&] { return later; }));
    EXPECT_FALSE(disarmedFired);
    sd_event_source_unref(marker);
}

TEST(EventLoop, DeferredWorkRunsAfterPendingEventsInOrder)
{
    EventLoop loop;
    std::vector<std::string> log;
    loop.defer([&] { log.push_back("deferred 1"); });
    loop.defer([&] {
        log.push_back("deferred 2");
        loop.defer([&] { log.push_back("deferred 3"); });
    });
    // Pending at normal priority: must run before the deferred work.
    loop.setDeadline(MonoTime{1}, [&] { log.push_back("deadline"); });
    ASSERT_TRUE(runUntil(loop, [&] { return log.size() == 4; }));
    EXPECT_EQ(log, (std::vector<std::string>{"deadline", "deferred 1", "deferred 2", "deferred 3"}));
}

TEST(EventLoop, DeferredWorkStillRunsOnExit)
{
    EventLoop loop;
    bool persisted = false;
    loop.setDeadline(MonoTime{1}, [&] {
        loop.defer([&] { persisted = true; });
        loop.exit(7);
    });
    EXPECT_EQ(loop.run(), 7);
    EXPECT_TRUE(persisted);
}

TEST(EventLoop, SignalsArriveThroughTheLoop)
{
    EventLoop loop;
    int received = 0;
    loop.onSignals([&](int sig) {
        received = sig;
        loop.exit(0);
    });
    ASSERT_EQ(::raise(SIGTERM), 0);  // blocked now, so it waits for the loop
    EXPECT_EQ(loop.run(), 0);
    EXPECT_EQ(received, SIGTERM);
}

TEST(EventLoop, ThrowingHandlerEndsTheLoopWithFailure)
{
    EventLoop loop;
    loop.setDeadline(MonoTime{1}, [] { throw std::runtime_error("engine bug"); });
    EXPECT_EQ(loop.run(), EXIT_FAILURE);
}

TEST(SystemClock, FollowsTheWallClock)
{
    SystemClock clock;
    auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    EXPECT_LT(std::abs(clock.now().usec - now), 1'000'000);
}

TEST(SystemClock, MonotonicTimeFollowsSteadyClock)
{
    SystemClock clock;
    auto steady = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count();
    EXPECT_LT(std::abs(clock.monotonic().usec - steady), 1'000'000);
}

} // namespace
} // namespace pgm
