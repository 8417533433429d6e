#include "key_view.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

TEST(KeyView, AnUnpairedGroupsKeyIsItsNameAndIncarnation)
{
    GroupKey key = combineKeys("web", 7, std::nullopt, "n1");
    EXPECT_FALSE(key.node);
    EXPECT_EQ(keyText(key), "web 7\n");
    EXPECT_EQ(keyJson(key), (Json{{"name", "web"}, {"incarnation", 7}}));
}

TEST(KeyView, APairedGroupsKeyNamesTheNodeOfItsActiveHalf)
{
    GroupKey key = combineKeys("app", 3, PairKey{"n2", 3}, "n1");
    EXPECT_EQ(keyText(key), "app 3 n2\n");
    EXPECT_EQ(keyJson(key), (Json{{"name", "app"}, {"incarnation", 3}, {"node", "n2"}}));
}

TEST(KeyView, ThePairsNodeAndIncarnationComeTogetherFromTheCluster)
{
    // The half here (incarnation 5) is no longer the active one: the
    // cluster's answer names the half on n2, with n2's own count.
    EXPECT_EQ(keyText(combineKeys("app", 5, PairKey{"n2", 9}, "n1")), "app 9 n2\n");
}

TEST(KeyView, AnActiveHalfHereTheClusterHasNotHeardOfYetIsOnThisNode)
{
    EXPECT_EQ(keyText(combineKeys("app", 4, PairKey{"", 0}, "n1")), "app 4 n1\n");
}

} // namespace
} // namespace pgmctl
