// The GPIO heartbeat decoder: P = 1s, so the host toggles every 500ms, an
// edge counts if it comes 250ms after the last counted one, and with k = 3
// the line is dead after 1.5s without a beat.

#include "board/gpio_heartbeat.hpp"

#include <gtest/gtest.h>

using namespace icd::board;
using namespace std::chrono_literals;

namespace {

constexpr MonoTime kStart{10'000'000};

GpioHeartbeatDecoder decoder(unsigned k = 3, LineLevel level = LineLevel::Low)
{
    return GpioHeartbeatDecoder({1s, k}, kStart, level);
}

LineLevel flip(LineLevel l)
{
    return l == LineLevel::High ? LineLevel::Low : LineLevel::High;
}

} // namespace

TEST(GpioHeartbeat, TogglesEveryHalfPeriodAreBeats)
{
    auto d = decoder();
    LineLevel level = LineLevel::Low;
    for (int i = 1; i <= 20; ++i) {
        level = flip(level);
        EXPECT_EQ(d.onEdge(kStart + 500ms * i, level), EdgeVerdict::Beat) << i;
        EXPECT_EQ(d.onTimer(kStart + 500ms * i + 499ms), std::nullopt);
    }
    EXPECT_EQ(d.beats(), 20u);
    EXPECT_EQ(d.noiseEdges(), 0u);
    EXPECT_FALSE(d.dead());
}

TEST(GpioHeartbeat, EdgesFasterThanAQuarterPeriodAreNoise)
{
    auto d = decoder();
    EXPECT_EQ(d.onEdge(kStart + 1s, LineLevel::High), EdgeVerdict::Beat);
    EXPECT_EQ(d.onEdge(kStart + 1s + 100ms, LineLevel::Low), EdgeVerdict::Noise);
    EXPECT_EQ(d.onEdge(kStart + 1s + 250ms - 1us, LineLevel::High), EdgeVerdict::Noise);
    EXPECT_EQ(d.onEdge(kStart + 1s + 250ms, LineLevel::Low), EdgeVerdict::Beat);  // exactly P/4 later
    EXPECT_EQ(d.onEdge(kStart + 1s, LineLevel::High), EdgeVerdict::Noise);         // stamped in the past
    EXPECT_EQ(d.beats(), 2u);
    EXPECT_EQ(d.noiseEdges(), 3u);
    EXPECT_EQ(d.level(), LineLevel::High);
}

TEST(GpioHeartbeat, NoiseDoesNotKeepTheLineAlive)
{
    auto d = decoder();
    d.onEdge(kStart, LineLevel::High);
    for (auto t = 50ms; t < 250ms; t += 50ms)
        d.onEdge(kStart + t, t / 50ms % 2 ? LineLevel::Low : LineLevel::High);
    EXPECT_EQ(d.deadline(), kStart + 1500ms);
}

TEST(GpioHeartbeat, StuckHighIsDeadAfterKHalfPeriods)
{
    auto d = decoder();
    d.onEdge(kStart + 2s, LineLevel::High);
    EXPECT_EQ(d.onTimer(kStart + 3500ms - 1us), std::nullopt);
    auto verdict = d.onTimer(kStart + 3500ms);
    ASSERT_TRUE(verdict);
    EXPECT_EQ(verdict->stuckAt, LineLevel::High);
    EXPECT_EQ(verdict->silentFor, 1500ms);
    EXPECT_EQ(verdict->reason(), "GPIO heartbeat line stuck high: no beat for 1s 500ms");
    EXPECT_TRUE(d.dead());
    // One verdict per silence.
    EXPECT_EQ(d.deadline(), std::nullopt);
    EXPECT_EQ(d.onTimer(kStart + 10s), std::nullopt);
    // The next beat brings it back.
    EXPECT_EQ(d.onEdge(kStart + 11s, LineLevel::Low), EdgeVerdict::Beat);
    EXPECT_FALSE(d.dead());
    EXPECT_EQ(d.deadline(), kStart + 12500ms);
}

TEST(GpioHeartbeat, StuckLowFromTheStartIsDead)
{
    auto d = decoder(3, LineLevel::Low);
    auto verdict = d.onTimer(kStart + 1500ms);
    ASSERT_TRUE(verdict);
    EXPECT_EQ(verdict->stuckAt, LineLevel::Low);
    EXPECT_EQ(verdict->reason(), "GPIO heartbeat line stuck low: no beat for 1s 500ms");
}

TEST(GpioHeartbeat, LargerKWaitsLonger)
{
    auto d = decoder(5, LineLevel::High);
    EXPECT_EQ(d.deadline(), kStart + 2500ms);
    EXPECT_EQ(d.onTimer(kStart + 2s), std::nullopt);
    auto verdict = d.onTimer(kStart + 2500ms);
    ASSERT_TRUE(verdict);
    EXPECT_EQ(verdict->stuckAt, LineLevel::High);
}

TEST(GpioHeartbeat, ConfigurationIsChecked)
{
    EXPECT_TRUE(gpioHeartbeatProblems({1s, 3}).empty());
    EXPECT_EQ(gpioHeartbeatProblems({1s, 2}),
              std::vector<std::string>{"GPIO heartbeat must allow at least 3 half-periods of silence, not 2"});
    EXPECT_EQ(gpioHeartbeatProblems({Duration{0}, 3}).size(), 1u);
    EXPECT_THROW(GpioHeartbeatDecoder({1s, 2}, kStart, LineLevel::Low), InvalidGpioHeartbeatConfig);
}
