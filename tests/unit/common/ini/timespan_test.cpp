#include "common/ini/timespan.hpp"

#include <gtest/gtest.h>

namespace pgm {
namespace {

using namespace std::chrono;

TEST(ParseTimespan, SingleUnits)
{
    EXPECT_EQ(parseTimespan("500ms"), milliseconds(500));
    EXPECT_EQ(parseTimespan("5s"), seconds(5));
    EXPECT_EQ(parseTimespan("5min"), minutes(5));
    EXPECT_EQ(parseTimespan("1h"), hours(1));
    EXPECT_EQ(parseTimespan("1d"), hours(24));
    EXPECT_EQ(parseTimespan("1w"), hours(24 * 7));
    EXPECT_EQ(parseTimespan("7us"), microseconds(7));
}

TEST(ParseTimespan, EverySpellingOfEveryUnit)
{
    struct Case { const char* text; Duration expected; };
    const Case cases[] = {
        {"2us", microseconds(2)}, {"2usec", microseconds(2)},
        {"2ms", milliseconds(2)}, {"2msec", milliseconds(2)},
        {"2s", seconds(2)}, {"2sec", seconds(2)}, {"2second", seconds(2)}, {"2seconds", seconds(2)},
        {"2m", minutes(2)}, {"2min", minutes(2)}, {"2minute", minutes(2)}, {"2minutes", minutes(2)},
        {"2h", hours(2)}, {"2hr", hours(2)}, {"2hour", hours(2)}, {"2hours", hours(2)},
        {"2d", hours(48)}, {"2day", hours(48)}, {"2days", hours(48)},
        {"2w", hours(336)}, {"2week", hours(336)}, {"2weeks", hours(336)},
    };
    for (const auto& c : cases)
        EXPECT_EQ(parseTimespan(c.text), c.expected) << c.text;
}

TEST(ParseTimespan, BareNumberIsSeconds)
{
    EXPECT_EQ(parseTimespan("30"), seconds(30));
    EXPECT_EQ(parseTimespan("0"), Duration(0));
}

TEST(ParseTimespan, PartsAddUpWithOrWithoutSpaces)
{
    EXPECT_EQ(parseTimespan("2h 30min"), hours(2) + minutes(30));
    EXPECT_EQ(parseTimespan("2h30min"), hours(2) + minutes(30));
    EXPECT_EQ(parseTimespan("1min 30"), seconds(90));
    EXPECT_EQ(parseTimespan("  5 min  "), minutes(5));
    EXPECT_EQ(parseTimespan("1d\t2h"), hours(26));
}

TEST(ParseTimespan, Fractions)
{
    EXPECT_EQ(parseTimespan("1.5s"), milliseconds(1500));
    EXPECT_EQ(parseTimespan("0.25h"), minutes(15));
    EXPECT_EQ(parseTimespan("1.0000001s"), seconds(1));  // below a microsecond
}

TEST(ParseTimespan, RejectsMalformedText)
{
    for (const char* bad : {"", "   ", "s", "5x", "5 parsecs", "-5s", "+5s", "5s-", "1..5s", ".5s", "5.s",
                            "1h,30min", "5mins2", "infinity", "1e3s"})
        EXPECT_EQ(parseTimespan(bad), std::nullopt) << "'" << bad << "'";
}

TEST(ParseTimespan, RejectsOverflow)
{
    EXPECT_EQ(parseTimespan("99999999999999999999"), std::nullopt);
    EXPECT_EQ(parseTimespan("20000000w"), std::nullopt);
    EXPECT_EQ(parseTimespan("9223372036854775807us 1us"), std::nullopt);
    EXPECT_EQ(parseTimespan("9223372036854775807us"), Duration(9223372036854775807LL));
}

TEST(FormatTimespan, LargestUnitsFirst)
{
    EXPECT_EQ(formatTimespan(Duration(0)), "0");
    EXPECT_EQ(formatTimespan(minutes(5)), "5min");
    EXPECT_EQ(formatTimespan(hours(1) + minutes(30)), "1h 30min");
    EXPECT_EQ(formatTimespan(milliseconds(500)), "500ms");
    EXPECT_EQ(formatTimespan(milliseconds(1500)), "1s 500ms");
    EXPECT_EQ(formatTimespan(hours(24 * 8) + microseconds(3)), "1w 1d 3us");
    EXPECT_EQ(formatTimespan(-seconds(2)), "-2s");
}

TEST(FormatTimespan, RoundTrips)
{
    for (Duration d : {Duration(1), Duration(999999), Duration(seconds(61)), Duration(hours(49) + seconds(1)),
                       Duration(hours(24 * 7 * 3) + milliseconds(7))})
        EXPECT_EQ(parseTimespan(formatTimespan(d)), d) << formatTimespan(d);
}

} // namespace
} // namespace pgm
