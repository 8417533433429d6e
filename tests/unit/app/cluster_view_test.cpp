// What the journal says as a pair's nodes start and stop needing fencing
// (fencingNotices): once per node and group, not at every view change.

#include "app/cluster_view.hpp"

#include <gtest/gtest.h>

namespace pgmd {
namespace {

cluster::PairView pair(const std::string& group, std::vector<std::string> needsFencing)
{
    cluster::PairView p;
    p.group = group;
    p.redundancy = Redundancy::HotStandby;
    p.owners = {"n1"};
    p.needsFencing = std::move(needsFencing);
    return p;
}

TEST(FencingNotices, ALostOwnerWithNoFencerIsToldOnceThenItsEndIsToldOnce)
{
    std::map<std::string, std::vector<std::string>> seen;
    EXPECT_TRUE(fencingNotices({pair("app", {})}, seen).empty());

    const std::vector<FencingNotice> lost = fencingNotices({pair("app", {"n1"})}, seen);
    ASSERT_EQ(lost.size(), 1u);
    EXPECT_TRUE(lost[0].needed);
    EXPECT_EQ(lost[0].group, "app");
    EXPECT_EQ(lost[0].node, "n1");
    EXPECT_EQ(lost[0].text, "cluster: group app: node n1 is lost and needs fencing; its half is not taken over, "
                            "as no node in the cluster can fence (FenceCommand=)");
    // The view changes for other reasons meanwhile: nothing more to say.
    EXPECT_TRUE(fencingNotices({pair("app", {"n1"})}, seen).empty());

    const std::vector<FencingNotice> back = fencingNotices({pair("app", {})}, seen);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_FALSE(back[0].needed);
    EXPECT_EQ(back[0].node, "n1");
    EXPECT_EQ(back[0].text, "cluster: group app: node n1 no longer needs fencing");
}

TEST(FencingNotices, EachGroupSpeaksForItselfAndAGroupRemovedByAReloadIsForgotten)
{
    std::map<std::string, std::vector<std::string>> seen;
    EXPECT_EQ(fencingNotices({pair("a", {"n1"}), pair("b", {"n1", "n3"})}, seen).size(), 3u);
    EXPECT_TRUE(fencingNotices({pair("b", {"n1", "n3"})}, seen).empty());
    // Back after a reload, "a" still needs n1 fenced: said again.
    EXPECT_EQ(fencingNotices({pair("a", {"n1"}), pair("b", {"n1", "n3"})}, seen).size(), 1u);
}

} // namespace
} // namespace pgmd
