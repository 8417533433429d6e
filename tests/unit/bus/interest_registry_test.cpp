// InterestRegistry: who follows which group, without a bus.

#include "bus/interest_registry.hpp"

#include <gtest/gtest.h>
#include <set>

namespace pgmd {
namespace {

class InterestRegistryTest : public ::testing::Test {
protected:
    std::set<std::string> configured{"alpha", "web", "db"};
    InterestRegistry registry{[this](const std::string& g) { return configured.count(g) != 0; }};
};

TEST_F(InterestRegistryTest, TheFirstGroupOfAClientSaysSo)
{
    EXPECT_EQ(registry.add(":1.7", "alpha"), Registration::Added);
    EXPECT_EQ(registry.add(":1.7", "web"), Registration::AddedAnother);
    EXPECT_EQ(registry.add(":1.7", "alpha"), Registration::AlreadyRegistered);
    EXPECT_EQ(registry.add(":1.8", "alpha"), Registration::Added);
    EXPECT_EQ(registry.clientCount(), 2u);
    EXPECT_EQ(registry.groupsOf(":1.7"), (std::vector<std::string>{"alpha", "web"}));
}

TEST_F(InterestRegistryTest, InterestedInListsClientsInNameOrder)
{
    registry.add(":1.9", "alpha");
    registry.add(":1.10", "alpha");
    registry.add(":1.2", "web");
    EXPECT_EQ(registry.interestedIn("alpha"), (std::vector<std::string>{":1.10", ":1.9"}));
    EXPECT_EQ(registry.interestedIn("web"), std::vector<std::string>{":1.2"});
    EXPECT_TRUE(registry.interestedIn("db").empty());
}

TEST_F(InterestRegistryTest, AnUnknownGroupIsRefusedAndNothingIsRecorded)
{
    EXPECT_EQ(registry.add(":1.7", "nope"), Registration::NoSuchGroup);
    EXPECT_FALSE(registry.knows(":1.7"));
    EXPECT_TRUE(registry.interestedIn("nope").empty());
}

TEST_F(InterestRegistryTest, RemovingTheLastGroupEndsTheClient)
{
    registry.add(":1.7", "alpha");
    registry.add(":1.7", "web");
    EXPECT_FALSE(registry.remove(":1.7", "alpha"));
    EXPECT_TRUE(registry.knows(":1.7"));
    EXPECT_TRUE(registry.interestedIn("alpha").empty());
    EXPECT_TRUE(registry.remove(":1.7", "web"));
    EXPECT_FALSE(registry.knows(":1.7"));
    EXPECT_EQ(registry.clientCount(), 0u);
}

TEST_F(InterestRegistryTest, RemovingWhatWasNeverAddedChangesNothing)
{
    registry.add(":1.7", "alpha");
    EXPECT_FALSE(registry.remove(":1.7", "web"));
    EXPECT_FALSE(registry.remove(":1.8", "alpha"));
    EXPECT_FALSE(registry.remove(":1.7", "nope"));
    EXPECT_EQ(registry.interestedIn("alpha"), std::vector<std::string>{":1.7"});
}

TEST_F(InterestRegistryTest, RemoveClientForgetsEveryGroup)
{
    registry.add(":1.7", "alpha");
    registry.add(":1.7", "web");
    registry.add(":1.8", "web");
    EXPECT_TRUE(registry.removeClient(":1.7"));
    EXPECT_FALSE(registry.removeClient(":1.7"));
    EXPECT_TRUE(registry.interestedIn("alpha").empty());
    EXPECT_EQ(registry.interestedIn("web"), std::vector<std::string>{":1.8"});
}

TEST_F(InterestRegistryTest, InterestOutlivesTheGroupByName)
{
    registry.add(":1.7", "db");
    configured.erase("db");
    EXPECT_EQ(registry.interestedIn("db"), std::vector<std::string>{":1.7"});
    EXPECT_EQ(registry.add(":1.8", "db"), Registration::NoSuchGroup);
    // Already registered stays harmless even while the group is gone.
    EXPECT_EQ(registry.add(":1.7", "db"), Registration::AlreadyRegistered);
}

TEST(InterestRegistryLimit, OneClientFollowsAtMostTheLimit)
{
    InterestRegistry registry([](const std::string&) { return true; });
    for (std::size_t i = 0; i < InterestRegistry::kMaxGroupsPerClient; ++i)
        ASSERT_NE(registry.add(":1.7", "g" + std::to_string(i)), Registration::LimitsExceeded) << i;
    EXPECT_EQ(InterestRegistry::kMaxGroupsPerClient, 1024u);
    EXPECT_EQ(registry.add(":1.7", "one-more"), Registration::LimitsExceeded);
    EXPECT_TRUE(registry.interestedIn("one-more").empty());
    EXPECT_EQ(registry.add(":1.7", "g0"), Registration::AlreadyRegistered);
    EXPECT_EQ(registry.add(":1.8", "one-more"), Registration::Added);
    // Room again once one is removed.
    registry.remove(":1.7", "g0");
    EXPECT_EQ(registry.add(":1.7", "one-more"), Registration::AddedAnother);
}

TEST(InterestRegistryLimit, TheLimitIsAConstructorChoice)
{
    InterestRegistry registry([](const std::string&) { return true; }, 2);
    EXPECT_EQ(registry.add(":1.7", "a"), Registration::Added);
    EXPECT_EQ(registry.add(":1.7", "b"), Registration::AddedAnother);
    EXPECT_EQ(registry.add(":1.7", "c"), Registration::LimitsExceeded);
}

} // namespace
} // namespace pgmd
