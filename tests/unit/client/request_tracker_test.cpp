// Which activation requests reach the application's handler.

#include "request_tracker.hpp"

#include <gtest/gtest.h>

namespace pgmd::client {
namespace {

const Activation kActive7{RunState::Active, 7};
const Activation kStandby7{RunState::Standby, 7};

TEST(RequestTracker, PassesSignalsOn)
{
    RequestTracker tracker;
    EXPECT_EQ(tracker.fromSignal("standby", 7), kStandby7);
    EXPECT_EQ(tracker.fromSignal("active", 7), kActive7);
}

TEST(RequestTracker, PassesARepeatedSignalOnAgain)
{
    // A pgmd that restarted may ask again; it wants an answer again.
    RequestTracker tracker;
    EXPECT_EQ(tracker.fromSignal("active", 7), kActive7);
    EXPECT_EQ(tracker.fromSignal("active", 7), kActive7);
}

TEST(RequestTracker, PassesAPendingRequestReadAtStartOn)
{
    RequestTracker tracker;
    EXPECT_EQ(tracker.fromProperties("active", 7), kActive7);
}

TEST(RequestTracker, DropsTheReadRequestThatASignalAlreadyDelivered)
{
    RequestTracker tracker;
    ASSERT_EQ(tracker.fromSignal("active", 7), kActive7);
    EXPECT_EQ(tracker.fromProperties("active", 7), std::nullopt);
}

TEST(RequestTracker, PassesAReadRequestNewerThanTheLastSignalOn)
{
    RequestTracker tracker;
    ASSERT_EQ(tracker.fromSignal("standby", 7), kStandby7);
    EXPECT_EQ(tracker.fromProperties("active", 7), kActive7);
    EXPECT_EQ(tracker.fromProperties("active", 8), (Activation{RunState::Active, 8}));
}

TEST(RequestTracker, NothingAskedIsNothingPassedOn)
{
    RequestTracker tracker;
    EXPECT_EQ(tracker.fromProperties("", 0), std::nullopt);
}

TEST(RequestTracker, IgnoresStatesItCannotAcknowledge)
{
    RequestTracker tracker;
    EXPECT_EQ(tracker.fromSignal("offline", 7), std::nullopt);
    EXPECT_EQ(tracker.fromProperties("Active", 7), std::nullopt);
    // An ignored request does not hide the next real one.
    EXPECT_EQ(tracker.fromProperties("active", 7), kActive7);
}

} // namespace
} // namespace pgmd::client
