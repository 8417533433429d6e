#include "core/group_state.hpp"

#include <gtest/gtest.h>

#include <tuple>

using namespace pgmd;
using S = GroupState;

namespace {

const S kAll[] = {S::Unavailable, S::Init, S::Standby, S::Active, S::Offline};

struct Case {
    S from;
    S to;
    bool manager;
    bool operatorToo;
};

// Seed 003 FIG. 2, restarts through init, offline for operators only.
const Case kCases[] = {
    {S::Unavailable, S::Init, true, true},     {S::Init, S::Active, true, true},
    {S::Init, S::Standby, true, true},         {S::Init, S::Unavailable, true, true},
    {S::Standby, S::Active, true, true},       {S::Active, S::Standby, true, true},
    {S::Active, S::Unavailable, true, true},   {S::Standby, S::Unavailable, true, true},
    {S::Active, S::Init, true, true},          {S::Standby, S::Init, true, true},
    {S::Unavailable, S::Offline, false, true}, {S::Init, S::Offline, false, true},
    {S::Standby, S::Offline, false, true},     {S::Active, S::Offline, false, true},
    {S::Offline, S::Unavailable, false, true},
};

} // namespace

TEST(StateMachine, EveryListedTransitionIsAllowedForItsActor)
{
    for (const Case& c : kCases) {
        EXPECT_EQ(transitionAllowed(c.from, c.to, Actor::Manager), c.manager)
            << toString(c.from) << " -> " << toString(c.to);
        EXPECT_EQ(transitionAllowed(c.from, c.to, Actor::Operator), c.operatorToo)
            << toString(c.from) << " -> " << toString(c.to);
    }
}

TEST(StateMachine, NothingElseIsAllowed)
{
    int allowed = 0;
    for (S from : kAll)
        for (S to : kAll)
            if (transitionAllowed(from, to, Actor::Operator))
                ++allowed;
    EXPECT_EQ(allowed, static_cast<int>(std::size(kCases)));
    // Examples the diagram forbids.
    EXPECT_FALSE(transitionAllowed(S::Unavailable, S::Active, Actor::Operator));
    EXPECT_FALSE(transitionAllowed(S::Offline, S::Active, Actor::Operator));
    EXPECT_FALSE(transitionAllowed(S::Offline, S::Init, Actor::Operator));
    EXPECT_FALSE(transitionAllowed(S::Unavailable, S::Standby, Actor::Manager));
}

TEST(StateMachine, OnlyAnOperatorLeavesOffline)
{
    for (S to : kAll)
        EXPECT_FALSE(transitionAllowed(S::Offline, to, Actor::Manager)) << toString(to);
}

TEST(StateMachine, NamesRoundTrip)
{
    for (S s : kAll)
        EXPECT_EQ(groupStateFromString(toString(s)), s);
    EXPECT_EQ(groupStateFromString("running"), std::nullopt);
    EXPECT_TRUE(isRunning(S::Active));
    EXPECT_TRUE(isRunning(S::Standby));
    EXPECT_FALSE(isRunning(S::Init));
}
