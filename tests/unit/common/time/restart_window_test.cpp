#include "common/time/restart_window.hpp"

#include <gtest/gtest.h>

using namespace pgm;
using namespace std::chrono;

TEST(RestartWindow, AllowsUpToBurstWithinInterval)
{
    RestartWindow w({3, minutes(5)});
    TimePoint t{0};
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(w.allows(t));
        w.record(t);
        t = t + seconds(10);
    }
    EXPECT_FALSE(w.allows(t));
    EXPECT_EQ(w.countAt(t), 3u);
}

TEST(RestartWindow, OldEventsDecay)
{
    RestartWindow w({2, minutes(5)});
    w.record(TimePoint{0});
    w.record(TimePoint{0} + minutes(1));
    EXPECT_FALSE(w.allows(TimePoint{0} + minutes(4)));
    // The first event is exactly one window old: it no longer counts.
    EXPECT_TRUE(w.allows(TimePoint{0} + minutes(5)));
    EXPECT_EQ(w.countAt(TimePoint{0} + minutes(5)), 1u);
    EXPECT_EQ(w.countAt(TimePoint{0} + minutes(6)), 0u);
}

TEST(RestartWindow, ZeroBurstNeverAllows)
{
    RestartWindow w({0, minutes(5)});
    EXPECT_FALSE(w.allows(TimePoint{0}));
}

TEST(RestartWindow, RestoreDropsExpiredTimes)
{
    RestartWindow w({3, minutes(5)});
    const TimePoint now{1'000'000'000'000};
    w.restore({now - minutes(10), now - minutes(1), now - minutes(2)}, now);
    EXPECT_EQ(w.times().size(), 2u);
    EXPECT_EQ(w.times().front(), now - minutes(2));  // sorted
    EXPECT_TRUE(w.allows(now));
}
