#include "resources/probe_thread.hpp"
#include "common/loop/event_loop.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <optional>
#include <vector>

namespace pgmd {
namespace {

using namespace std::chrono_literals;

MonoTime monotonicNow()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return MonoTime{std::int64_t{now.tv_sec} * 1'000'000 + now.tv_nsec / 1000};
}

// A probe that hangs, as stat() on a dead NFS server does, until released.
class Gate {
public:
    ProbeResult wait()
    {
        std::unique_lock lock(m_);
        open_.wait(lock, [this] { return released_; });
        return {true, "answered at last"};
    }
    void release()
    {
        std::lock_guard lock(m_);
        released_ = true;
        open_.notify_all();
    }

private:
    std::mutex m_;
    std::condition_variable open_;
    bool released_ = false;
};

struct Reports {
    std::vector<ProbeResult> results;
    ProbeThreads::Report add()
    {
        return [this](const ProbeResult& r) { results.push_back(r); };
    }
};

// Runs the loop until `done` holds or 20 s have passed (then fails).
template <typename Done> void runUntil(pgm::EventLoop& loop, Done done)
{
    const MonoTime limit = monotonicNow() + 20s;
    while (!done()) {
        ASSERT_LT(monotonicNow(), limit) << "nothing happened within 20s";
        sd_event_run(loop.get(), 100'000);
    }
}

TEST(ProbeThreads, AnswerArrivesOnTheLoopNotInsideTheCall)
{
    pgm::EventLoop loop;
    ProbeThreads probes(loop.get());
    Reports reports;
    probes.run("spool", [] { return ProbeResult{true, "/spool exists"}; }, 5s, reports.add());
    EXPECT_TRUE(reports.results.empty());
    runUntil(loop, [&] { return !reports.results.empty(); });
    ASSERT_EQ(reports.results.size(), 1u);
    EXPECT_TRUE(reports.results[0].healthy);
    EXPECT_EQ(reports.results[0].detail, "/spool exists");
    runUntil(loop, [&] { return probes.threadsRunning() == 0; });
}

TEST(ProbeThreads, AHungProbeFailsAtItsTimeoutWhileTheLoopRuns)
{
    pgm::EventLoop loop;
    ProbeThreads probes(loop.get());
    auto gate = std::make_shared<Gate>();
    Reports reports;
    const MonoTime start = monotonicNow();
    probes.run("nfs", [gate] { return gate->wait(); }, 200ms, reports.add());

    // The loop keeps serving other work meanwhile.
    bool otherWork = false;
    loop.defer([&] { otherWork = true; });
    runUntil(loop, [&] { return !reports.results.empty(); });
    EXPECT_TRUE(otherWork);
    EXPECT_GE(monotonicNow() - start, Duration(200ms));
    EXPECT_FALSE(reports.results[0].healthy);
    EXPECT_EQ(reports.results[0].detail, "no answer within 200ms (a hung filesystem?)");

    // While it still hangs, the next check of it fails at once, without a second thread.
    probes.run("nfs", [] { return ProbeResult{true, "fine"}; }, 200ms, reports.add());
    runUntil(loop, [&] { return reports.results.size() == 2; });
    EXPECT_FALSE(reports.results[1].healthy);
    EXPECT_EQ(reports.results[1].detail, "the previous check of nfs has not returned yet (a hung filesystem?)");
    EXPECT_EQ(probes.threadsRunning(), 1u);

    // Another resource is not held up by it.
    probes.run("local", [] { return ProbeResult{true, "fine"}; }, 5s, reports.add());
    runUntil(loop, [&] { return reports.results.size() == 3; });
    EXPECT_TRUE(reports.results[2].healthy);

    // Once it returns, its late answer is dropped and the resource is probed again.
    gate->release();
    runUntil(loop, [&] { return probes.threadsRunning() == 0; });
    EXPECT_EQ(reports.results.size(), 3u);
    probes.run("nfs", [] { return ProbeResult{true, "back"}; }, 5s, reports.add());
    runUntil(loop, [&] { return reports.results.size() == 4; });
    EXPECT_TRUE(reports.results[3].healthy);
}

TEST(ProbeThreads, AThreadThatOutlivesItsOwnerIsHarmless)
{
    auto gate = std::make_shared<Gate>();
    {
        pgm::EventLoop loop;
        ProbeThreads probes(loop.get());
        probes.run("nfs", [gate] { return gate->wait(); }, 10ms, [](const ProbeResult&) {});
    }
    gate->release();  // the thread now writes to a channel nobody reads; it must not crash
}

} // namespace
} // namespace pgmd
