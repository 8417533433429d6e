// The fake lines behave as the event loop expects of real ones.

#include "common/gpio/fake_line.hpp"

#include <gtest/gtest.h>

#include <cerrno>

#include <poll.h>

using namespace pgm::gpio;

namespace {

bool readable(int fd)
{
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

} // namespace

TEST(FakeInputLine, ItsFdIsReadableExactlyWhileEdgesArePending)
{
    FakeInputLine line;
    ASSERT_GE(line.eventFd(), 0);
    EXPECT_FALSE(readable(line.eventFd()));
    line.inject(Edge::Rising, pgm::MonoTime{100});
    line.inject(Edge::Falling, pgm::MonoTime{200});
    EXPECT_TRUE(readable(line.eventFd()));
    auto events = line.readEvents();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].edge, Edge::Rising);
    EXPECT_EQ(events[0].at, pgm::MonoTime{100});
    EXPECT_EQ(events[1].edge, Edge::Falling);
    EXPECT_FALSE(readable(line.eventFd()));
    EXPECT_TRUE(line.readEvents().empty());  // never blocks
}

TEST(FakeInputLine, TheLevelFollowsTheEdges)
{
    FakeInputLine line(true);
    EXPECT_TRUE(line.value());
    line.toggle(pgm::MonoTime{1});
    EXPECT_FALSE(line.value());
    line.toggle(pgm::MonoTime{2});
    EXPECT_TRUE(line.value());
    auto events = line.readEvents();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].edge, Edge::Falling);
    EXPECT_EQ(events[1].edge, Edge::Rising);
    line.setLevel(false);  // changed while nobody listened
    EXPECT_FALSE(line.value());
    EXPECT_EQ(line.pending(), 0u);
}

TEST(FakeOutputLine, RecordsWhatIsSetAndReadsItBack)
{
    FakeOutputLine line(true);
    line.setValue(false);
    EXPECT_FALSE(line.value());
    line.setValue(true);
    EXPECT_TRUE(line.value());
    EXPECT_EQ(line.history(), (std::vector<bool>{false, true}));
}

TEST(FakeOutputLine, PlaysABrokenRelay)
{
    FakeOutputLine line(true);
    line.stickReadback(true);
    line.setValue(false);
    EXPECT_TRUE(line.value());  // a welded contact
    line.stickReadback(std::nullopt);
    EXPECT_FALSE(line.value());
    line.failWrites(EIO);
    try {
        line.setValue(true);
        FAIL() << "a failing write went through";
    } catch (const LineError& e) {
        EXPECT_EQ(e.code().value(), EIO);
    }
    EXPECT_FALSE(line.value());
}
