// The pure parts of access control: who counts as an operator, and the
// user-database lookups behind it.

#include "bus/access_control.hpp"

#include <algorithm>
#include <gtest/gtest.h>

namespace pgmd {
namespace {

TEST(GrantsOperator, RootAlways)
{
    EXPECT_TRUE(grantsOperator(0, {}, std::nullopt));
    EXPECT_TRUE(grantsOperator(0, {100}, 4242));
}

TEST(GrantsOperator, AMemberOfTheAdminGroup)
{
    EXPECT_TRUE(grantsOperator(1000, {1000, 4242, 27}, 4242));
    EXPECT_FALSE(grantsOperator(1000, {1000, 27}, 4242));
}

TEST(GrantsOperator, NobodyElseWhenTheAdminGroupDoesNotExist)
{
    EXPECT_FALSE(grantsOperator(1000, {1000, 4242}, std::nullopt));
}

TEST(GroupIdOf, KnowsRootAndNotANameThatIsNoGroup)
{
    EXPECT_EQ(groupIdOf("root"), gid_t{0});
    EXPECT_EQ(groupIdOf("pgmd-no-such-group-here"), std::nullopt);
}

TEST(GroupsOfUser, IncludeThePrimaryGroup)
{
    const std::vector<gid_t> gids = groupsOfUser(0);
    EXPECT_NE(std::find(gids.begin(), gids.end(), gid_t{0}), gids.end());
}

TEST(GroupsOfUser, AnUnknownUserHasNone)
{
    EXPECT_TRUE(groupsOfUser(0x7ffffff0).empty());
}

} // namespace
} // namespace pgmd
