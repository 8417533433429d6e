#include "systemd/throttle.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace pgmd {
namespace {

TEST(Throttle, HoldsRequestsBeyondTheLimitUntilEarlierOnesComplete)
{
    Throttle t(2);
    std::vector<int> started;
    for (int i = 0; i < 5; ++i)
        t.submit([&, i] { started.push_back(i); return true; });
    EXPECT_EQ(started, (std::vector<int>{0, 1}));
    EXPECT_EQ(t.inFlight(), 2u);
    EXPECT_EQ(t.waiting(), 3u);
    t.release();
    EXPECT_EQ(started, (std::vector<int>{0, 1, 2}));
    t.release();
    t.release();
    t.release();
    EXPECT_EQ(started, (std::vector<int>{0, 1, 2, 3, 4}));
    t.release();
    EXPECT_EQ(t.inFlight(), 0u);
}

TEST(Throttle, FailedStartFreesItsSlot)
{
    Throttle t(1);
    std::vector<int> started;
    t.submit([&] { started.push_back(0); return false; });
    t.submit([&] { started.push_back(1); return true; });
    EXPECT_EQ(started, (std::vector<int>{0, 1}));
    EXPECT_EQ(t.inFlight(), 1u);
}

TEST(Throttle, UrgentRequestGoesFirst)
{
    Throttle t(1);
    std::vector<std::string> started;
    t.submit([&] { started.push_back("a"); return true; });
    t.submit([&] { started.push_back("b"); return true; });
    t.submit([&] { started.push_back("reboot"); return true; }, true);
    t.release();
    EXPECT_EQ(started, (std::vector<std::string>{"a", "reboot"}));
}

TEST(Throttle, RequestsSubmittedWhileStartingKeepTheirPlace)
{
    Throttle t(5);
    std::vector<int> started;
    // A start that fails and, as the listener would, asks for another.
    t.submit([&] {
        started.push_back(0);
        t.submit([&] { started.push_back(2); return true; });
        return false;
    });
    EXPECT_EQ(started, (std::vector<int>{0, 2}));

    Throttle u(1);
    started.clear();
    u.submit([&] { started.push_back(0); return true; });
    u.submit([&] {
        started.push_back(1);
        u.submit([&] { started.push_back(3); return true; });
        return true;
    });
    u.submit([&] { started.push_back(2); return true; });
    u.release();
    u.release();
    u.release();
    EXPECT_EQ(started, (std::vector<int>{0, 1, 2, 3}));
}

TEST(Throttle, ReleaseFromInsideAStartIsCounted)
{
    // A job call that fails at once releases its job slot from inside start().
    Throttle t(1);
    std::vector<int> started;
    t.submit([&] {
        started.push_back(0);
        t.release();
        return true;
    });
    t.submit([&] { started.push_back(1); return true; });
    EXPECT_EQ(started, (std::vector<int>{0, 1}));
    EXPECT_EQ(t.inFlight(), 1u);
}

} // namespace
} // namespace pgmd
