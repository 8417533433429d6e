// The cluster keys: [Cluster] in pgmd.conf, and Redundancy=, Nodes= and
// ActiveCount= in a group, from which this node's role and mate are derived.
// One configuration serves every node: the same files load on node-a, node-b
// and node-c, each seeing its own part.

#include "../support/temp_dir.hpp"
#include "common/ini/values.hpp"
#include "config/config_loader.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace pgmd {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

class Cluster : public ::testing::Test {
protected:
    Cluster() { std::filesystem::create_directory(dir / "groups.d"); }

    void write(const std::string& relative, const std::string& text)
    {
        std::ofstream(dir / relative) << text;
    }
    void conf(const std::string& text) { write("pgmd.conf", text); }
    void group(const std::string& name, const std::string& keys)
    {
        write("groups.d/" + name + ".group", "[Group]\nLayer=application\nUnits=" + name + ".service\n" + keys);
    }
    // Loaded as the node called `host` (when pgmd.conf sets no NodeName=).
    LoadResult load(const std::string& host = "node-a") { return loadConfig(dir.path(), {}, host); }
    pgm::ConfigError error(const std::string& relative, unsigned line, std::string key, std::string message)
    {
        return {dir / relative, line, std::move(key), std::move(message)};
    }
    static const GroupSpec* find(const std::vector<GroupSpec>& groups, const std::string& name)
    {
        for (const auto& g : groups)
            if (g.name == name)
                return &g;
        return nullptr;
    }

    test::TempDir dir;
};

const std::string kRule = " (" + std::string(pgm::kNameRule) + ")";

// --- [Cluster] ---

TEST_F(Cluster, NoClusterSectionLeavesTheClusterEmpty)
{
    conf("[Manager]\nNodeName=node-a\n");
    LoadResult r = load();
    EXPECT_THAT(r.errors, IsEmpty());
    EXPECT_FALSE(r.config.cluster);
}

TEST_F(Cluster, AnEmptySectionGivesTheDefaults)
{
    conf("[Manager]\nNodeName=node-a\n[Cluster]\n");
    LoadResult r = load();
    EXPECT_THAT(r.errors, IsEmpty());
    ASSERT_TRUE(r.config.cluster);
    EXPECT_EQ(*r.config.cluster, ClusterSpec{});
    EXPECT_EQ(r.config.cluster->cpgGroup, "pgmd");
    EXPECT_EQ(r.config.cluster->processDownGrace, std::chrono::seconds(30));
    EXPECT_EQ(r.config.cluster->fenceTimeout, std::chrono::seconds(60));
    EXPECT_TRUE(r.config.cluster->fenceCommand.empty());
}

TEST_F(Cluster, EveryKeyIsRead)
{
    conf("[Cluster]\nGroupName=pgmd-test\nProcessDownGraceSec=10s\n"
         "FenceCommand=/usr/sbin/fence_ipmilan --ip=\"10.0.0.1\" -l admin\nFenceTimeoutSec=2min\n");
    LoadResult r = load();
    EXPECT_THAT(r.errors, IsEmpty());
    ASSERT_TRUE(r.config.cluster);
    EXPECT_EQ(r.config.cluster->cpgGroup, "pgmd-test");
    EXPECT_EQ(r.config.cluster->processDownGrace, std::chrono::seconds(10));
    EXPECT_EQ(r.config.cluster->fenceCommand,
              (std::vector<std::string>{"/usr/sbin/fence_ipmilan", "--ip=10.0.0.1", "-l", "admin"}));
    EXPECT_EQ(r.config.cluster->fenceTimeout, std::chrono::minutes(2));
}

TEST_F(Cluster, BadValuesAreReportedAtTheirKeys)
{
    conf("[Cluster]\nGroupName=-pgmd\nProcessDownGraceSec=0\nFenceCommand=fence_xvm -o off\nFenceTimeoutSec=0s\n"
         "Quorum=yes\nFenceCommand=/bin/x \"open\n");
    LoadResult r = load();
    EXPECT_THAT(r.errors, ElementsAreArray({
        error("pgmd.conf", 2, "GroupName", "invalid name '-pgmd'" + kRule),
        error("pgmd.conf", 3, "ProcessDownGraceSec", "must be greater than 0"),
        error("pgmd.conf", 4, "FenceCommand", "the program 'fence_xvm' must be an absolute path"),
        error("pgmd.conf", 5, "FenceTimeoutSec", "must be greater than 0"),
        error("pgmd.conf", 6, "Quorum", "unknown key"),
        error("pgmd.conf", 7, "FenceCommand", "unbalanced quotes or trailing backslash"),
    }));
}

TEST_F(Cluster, ANodeWithoutAUsableNameCannotJoin)
{
    conf("[Manager]\nLogLevel=info\n\n[Cluster]\nGroupName=pgmd\n");
    LoadResult r = load("bad host");
    EXPECT_THAT(r.errors,
                ElementsAre(error("pgmd.conf", 4, "NodeName",
                                  "a cluster node needs a name: NodeName= is not set in [Manager] and the host name "
                                  "'bad host' is not a valid node name" + kRule)));
    // The host name is fine when NodeName= is set.
    conf("[Manager]\nNodeName=node-a\n\n[Cluster]\n");
    EXPECT_THAT(load("bad host").errors, IsEmpty());
}

// --- Redundancy=, Nodes=, ActiveCount= ---

TEST_F(Cluster, OneConfigurationGivesEachNodeItsRole)
{
    conf("[Cluster]\n");
    group("billing", "Redundancy=hot-standby\nNodes=node-a node-b\n");

    LoadResult a = load("node-a");
    EXPECT_THAT(a.errors, IsEmpty());
    ASSERT_EQ(a.config.groups.size(), 1u);
    const GroupSpec& ga = a.config.groups[0];
    EXPECT_EQ(ga.redundancy, Redundancy::HotStandby);
    EXPECT_EQ(ga.nodes, (std::vector<std::string>{"node-a", "node-b"}));
    EXPECT_EQ(ga.activeCount, 1u);
    EXPECT_EQ(ga.role, Role::Primary);
    EXPECT_EQ(ga.mate, "node-b");
    EXPECT_EQ(ga.standby, StandbyKind::Hot);

    LoadResult b = load("node-b");
    ASSERT_EQ(b.config.groups.size(), 1u);
    EXPECT_EQ(b.config.groups[0].role, Role::Alternate);
    EXPECT_EQ(b.config.groups[0].mate, "node-a");
    EXPECT_EQ(b.config.groups[0].nodes, ga.nodes);
}

TEST_F(Cluster, NodeNameWinsOverTheHostName)
{
    conf("[Manager]\nNodeName=node-b\n");
    group("billing", "Redundancy=cold-standby\nNodes=node-a node-b\n");
    LoadResult r = load("node-a");
    ASSERT_EQ(r.config.groups.size(), 1u);
    EXPECT_EQ(r.config.groups[0].role, Role::Alternate);
    EXPECT_EQ(r.config.groups[0].standby, StandbyKind::Cold);
}

TEST_F(Cluster, AGroupNotListingThisNodeIsCheckedButRunsElsewhere)
{
    group("billing", "Redundancy=cold-standby\nNodes=node-b node-c\n");
    group("local", "");
    LoadResult r = load("node-a");
    EXPECT_THAT(r.errors, IsEmpty());
    ASSERT_EQ(r.config.groups.size(), 1u);
    EXPECT_EQ(r.config.groups[0].name, "local");
    ASSERT_EQ(r.config.elsewhere.size(), 1u);
    EXPECT_EQ(r.config.elsewhere[0].name, "billing");
    EXPECT_EQ(r.config.elsewhere[0].nodes, (std::vector<std::string>{"node-b", "node-c"}));
    EXPECT_EQ(r.config.elsewhere[0].role, Role::None);
}

TEST_F(Cluster, UnitsOfAGroupRunElsewhereNeedNotExistHere)
{
    group("billing", "Redundancy=cold-standby\nNodes=node-b node-c\n");
    test::FakeSystemd systemd;
    LoadResult r = loadConfig(dir.path(), systemd.fn(), "node-a");
    EXPECT_THAT(r.errors, IsEmpty());
    EXPECT_THAT(systemd.asked, IsEmpty());
}

TEST_F(Cluster, SparingMakesTheFirstActiveCountNodesPrimary)
{
    group("workers", "Redundancy=sparing\nNodes=node-a node-b node-c\nActiveCount=2\nStandby=hot\n");
    for (auto [host, role] : {std::pair{"node-a", Role::Primary}, std::pair{"node-b", Role::Primary},
                              std::pair{"node-c", Role::Alternate}}) {
        LoadResult r = load(host);
        EXPECT_THAT(r.errors, IsEmpty());
        ASSERT_EQ(r.config.groups.size(), 1u);
        EXPECT_EQ(r.config.groups[0].role, role) << host;
        EXPECT_EQ(r.config.groups[0].activeCount, 2u);
        EXPECT_EQ(r.config.groups[0].standby, StandbyKind::Hot);
    }
    EXPECT_EQ(load("node-b").config.groups[0].mate, "node-a");
}

TEST_F(Cluster, SparingDefaultsToOneActiveAndColdSpares)
{
    group("workers", "Redundancy=sparing\nNodes=node-a node-b node-c\n");
    LoadResult r = load("node-b");
    ASSERT_EQ(r.config.groups.size(), 1u);
    EXPECT_EQ(r.config.groups[0].activeCount, 1u);
    EXPECT_EQ(r.config.groups[0].role, Role::Alternate);
    EXPECT_EQ(r.config.groups[0].standby, StandbyKind::Cold);
}

TEST_F(Cluster, LeadActiveMakesEveryNodePrimary)
{
    group("cache", "Redundancy=lead-active\nNodes=node-a node-b node-c\n");
    LoadResult r = load("node-c");
    EXPECT_THAT(r.errors, IsEmpty());
    ASSERT_EQ(r.config.groups.size(), 1u);
    EXPECT_EQ(r.config.groups[0].activeCount, 3u);
    EXPECT_EQ(r.config.groups[0].role, Role::Primary);
    EXPECT_EQ(r.config.groups[0].mate, "node-a");
}

TEST_F(Cluster, StandbyMayRepeatTheModelButNotContradictIt)
{
    group("a", "Redundancy=hot-standby\nNodes=node-a node-b\nStandby=hot\n");
    group("b", "Redundancy=cold-standby\nNodes=node-a node-b\nStandby=hot\n");
    group("c", "Redundancy=lead-active\nNodes=node-a node-b\nStandby=cold\n");
    LoadResult r = load();
    EXPECT_THAT(r.errors, ElementsAre(error("groups.d/b.group", 6, "Standby",
                                            "Standby=hot contradicts Redundancy=cold-standby (leave Standby= out: "
                                            "the redundancy model says it)"),
                                      error("groups.d/c.group", 6, "Standby",
                                            "Standby= does not apply to Redundancy=lead-active (every node is "
                                            "active)")));
}

TEST_F(Cluster, EveryMistakeInTheClusterKeysIsNamed)
{
    group("no-nodes", "Redundancy=hot-standby\n");
    group("no-redundancy", "Nodes=node-a node-b\n");
    group("one-node", "Redundancy=cold-standby\nNodes=node-a\n");
    group("twice", "Redundancy=cold-standby\nNodes=node-a node-b\nNodes=node-a\n");
    group("count-not-sparing", "Redundancy=hot-standby\nNodes=node-a node-b\nActiveCount=1\n");
    group("count-too-big", "Redundancy=sparing\nNodes=node-a node-b\nActiveCount=2\n");
    group("count-zero", "Redundancy=sparing\nNodes=node-a node-b node-c\nActiveCount=0\n");
    group("bad-values", "Redundancy=warm\nNodes=node-a -b\n");
    group("none", "Redundancy=none\nNodes=node-a node-b\n");
    write("groups.d/platform.group", "[Group]\nLayer=platform\nUnits=p.service\nRedundancy=hot-standby\n"
                                     "Nodes=node-a node-b\n");
    LoadResult r = load();
    const std::string allowed = "hot-standby, cold-standby, lead-active or sparing";
    EXPECT_THAT(r.errors, ::testing::UnorderedElementsAreArray({
        error("groups.d/bad-values.group", 4, "Redundancy",
              "invalid value 'warm' (allowed: none, hot-standby, cold-standby, lead-active, sparing)"),
        error("groups.d/bad-values.group", 5, "Nodes", "invalid node name '-b'" + kRule),
        error("groups.d/count-not-sparing.group", 6, "ActiveCount", "ActiveCount= applies only to Redundancy=sparing"),
        error("groups.d/count-too-big.group", 6, "ActiveCount",
              "ActiveCount=2 must be at least 1 and less than the 2 nodes of Nodes= (the others are spares)"),
        error("groups.d/count-zero.group", 6, "ActiveCount",
              "ActiveCount=0 must be at least 1 and less than the 3 nodes of Nodes= (the others are spares)"),
        error("groups.d/no-nodes.group", 4, "Redundancy",
              "Redundancy= needs Nodes= (the nodes that run the group, in preference order)"),
        error("groups.d/no-redundancy.group", 4, "Nodes", "Nodes= needs Redundancy= (" + allowed + ")"),
        error("groups.d/none.group", 5, "Nodes", "Nodes= does not apply to Redundancy=none"),
        error("groups.d/one-node.group", 5, "Nodes", "Nodes= needs at least 2 nodes (the group runs one half on each)"),
        error("groups.d/platform.group", 4, "Redundancy",
              "only application groups can be paired; this group is in the platform layer"),
        error("groups.d/twice.group", 6, "Nodes", "node 'node-a' is listed twice"),
    }));
}

TEST_F(Cluster, NodesOfAGroupNeedThisNodesName)
{
    group("billing", "Redundancy=cold-standby\nNodes=node-a node-b\n");
    LoadResult r = load("");
    EXPECT_THAT(r.errors, ElementsAre(error("groups.d/billing.group", 5, "Nodes",
                                            "this node has no usable name: NodeName= is not set in pgmd.conf and "
                                            "the host name '' is not a valid node name" + kRule)));
}

// --- The older per-node form ---

TEST_F(Cluster, RoleAndMateAreTranslatedIntoNodes)
{
    group("p", "Role=primary\nMate=node-b\n");
    group("q", "Role=alternate\nMate=node-b\nStandby=hot\n");
    LoadResult r = load("node-a");
    EXPECT_THAT(r.errors, IsEmpty());
    const GroupSpec* p = find(r.config.groups, "p");
    const GroupSpec* q = find(r.config.groups, "q");
    ASSERT_TRUE(p && q);
    EXPECT_EQ(p->nodes, (std::vector<std::string>{"node-a", "node-b"}));
    EXPECT_EQ(p->redundancy, Redundancy::ColdStandby);
    EXPECT_EQ(p->role, Role::Primary);
    EXPECT_EQ(p->mate, "node-b");
    EXPECT_EQ(q->nodes, (std::vector<std::string>{"node-b", "node-a"}));
    EXPECT_EQ(q->redundancy, Redundancy::HotStandby);
    EXPECT_EQ(q->role, Role::Alternate);
    EXPECT_EQ(q->activeCount, 1u);
}

TEST_F(Cluster, BothFormsInOneGroupAreRefusedAtTheOlderKeys)
{
    group("both", "Role=primary\nMate=node-b\nNodes=node-a node-b\nRedundancy=hot-standby\n");
    group("mate-self", "Role=primary\nMate=node-a\n");
    LoadResult r = load("node-a");
    const std::string combined = "= is the older per-node form of a pair and cannot be combined with Redundancy=, "
                                 "Nodes= or ActiveCount=";
    EXPECT_THAT(r.errors, ElementsAre(error("groups.d/both.group", 4, "Role", "Role" + combined),
                                      error("groups.d/both.group", 5, "Mate", "Mate" + combined),
                                      error("groups.d/mate-self.group", 5, "Mate",
                                            "Mate= names this node ('node-a'); it names the node of the other half")));
}

// --- Across groups ---

TEST_F(Cluster, AGroupRunHereCannotDependOnOneRunElsewhere)
{
    group("db", "Redundancy=cold-standby\nNodes=node-b node-c\n");
    group("app", "DependsOn=db\n");
    group("report", "Redundancy=cold-standby\nNodes=node-b node-c\nDependsOn=db\n");
    LoadResult r = load("node-a");
    EXPECT_THAT(r.errors, ElementsAre(error("groups.d/app.group", 4, "DependsOn",
                                            "group 'db' does not run on this node (its Nodes= does not list this "
                                            "node); group 'app' runs here and cannot depend on it")));
}

} // namespace
} // namespace pgmd
