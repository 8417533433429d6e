#include "time_format.hpp"

#include "utc_time_zone.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

constexpr std::uint64_t kSecond = 1'000'000;
constexpr std::uint64_t kMinute = 60 * kSecond;
constexpr std::uint64_t kHour = 60 * kMinute;
constexpr std::uint64_t kDay = 24 * kHour;

using TimeFormat = UtcTimeZone;

TEST_F(TimeFormat, Timestamp)
{
    EXPECT_EQ(formatTimestamp(kSaturdayNoon), "Sat 2026-11-21 12:00:01 UTC");
}

TEST_F(TimeFormat, TimestampWithMilliseconds)
{
    EXPECT_EQ(formatTimestampMillis(kSaturdayNoon + 123'456), "2026-11-21 12:00:01.123");
    EXPECT_EQ(formatTimestampMillis(kSaturdayNoon + 7'000), "2026-11-21 12:00:01.007");
}

TEST_F(TimeFormat, TimestampFollowsTheTimeZone)
{
    setenv("TZ", "Europe/Berlin", 1);
    tzset();
    EXPECT_EQ(formatTimestamp(kSaturdayNoon), "Sat 2026-11-21 13:00:01 CET");
}

TEST(TimeSpan, AsConfigurationWritesIt)
{
    EXPECT_EQ(formatSpan(5 * kMinute), "5min");
    EXPECT_EQ(formatSpan(90 * kMinute), "1h 30min");
    EXPECT_EQ(formatSpan(500'000), "500ms");
    EXPECT_EQ(formatSpan(0), "0");
    EXPECT_EQ(formatSpan(UINT64_MAX), "infinity");
}

TEST(RelativeTime, AsSystemctlSaysIt)
{
    std::uint64_t now = kSaturdayNoon;
    EXPECT_EQ(formatRelative(now, now), "now");
    EXPECT_EQ(formatRelative(now - 400, now), "400us ago");
    EXPECT_EQ(formatRelative(now - 867'878, now), "867ms ago");
    EXPECT_EQ(formatRelative(now - 3 * kSecond - 250'000, now), "3s ago");
    EXPECT_EQ(formatRelative(now - 60 * kSecond - 999'999, now), "1min 0s ago");
    EXPECT_EQ(formatRelative(now - 4 * kMinute - 12 * kSecond - 900'000, now), "4min 12s ago");
    EXPECT_EQ(formatRelative(now - 5 * kMinute - 12 * kSecond, now), "5min ago") << "seconds only below 5min";
    EXPECT_EQ(formatRelative(now - 2 * kHour - 5 * kMinute - 59 * kSecond, now), "2h 5min ago");
    EXPECT_EQ(formatRelative(now - 7 * kHour - 5 * kMinute, now), "7h ago") << "minutes only below 6h";
    EXPECT_EQ(formatRelative(now - 24 * kHour - 30 * kMinute, now), "24h ago");
    EXPECT_EQ(formatRelative(now - kDay - 3 * kHour - 59 * kMinute, now), "1 day 3h ago");
    EXPECT_EQ(formatRelative(now - 2 * kDay - 3 * kHour, now), "2 days ago");
    EXPECT_EQ(formatRelative(now - 7 * kDay - 5 * kHour, now), "1 week 0 days ago");
    EXPECT_EQ(formatRelative(now - 17 * kDay, now), "2 weeks 3 days ago");
    EXPECT_EQ(formatRelative(now - 45 * kDay, now), "1 month 14 days ago");
    EXPECT_EQ(formatRelative(now - 800 * kDay, now), "2 years 2 months ago");
}

TEST(RelativeTime, Future)
{
    EXPECT_EQ(formatRelative(kSaturdayNoon + 90 * kSecond, kSaturdayNoon), "1min 30s left");
}

TEST_F(TimeFormat, WithAge)
{
    EXPECT_EQ(formatTimestampWithAge(kSaturdayNoon, kSaturdayNoon + 5 * kMinute), "Sat 2026-11-21 12:00:01 UTC; 5min ago");
}

} // namespace
} // namespace pgmctl
