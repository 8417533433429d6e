// pgmctl's cluster parts without a bus: org.pgmd1.Cluster decoded, shown as
// tables and as JSON, its refusals and absence, its signals in `watch`, and
// a paired group's fields in `status`.

#include "bus_failure.hpp"
#include "cluster_view.hpp"
#include "exit_status.hpp"
#include "json_output.hpp"
#include "status_decoding.hpp"
#include "status_view.hpp"
#include "watch_events.hpp"

#include "sample_groups.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

using NodeRecord = sdbus::Struct<std::string, std::uint32_t, std::string, bool, bool, std::string>;
using LinkRecord = sdbus::Struct<std::uint32_t, std::uint32_t, bool, bool>;
using PairRecord =
    sdbus::Struct<std::string, std::string, std::vector<std::string>, std::string, std::vector<std::string>>;
using FrozenRecord = sdbus::Struct<std::string, std::string>;
using HalfRecord = sdbus::Struct<std::string, std::string, std::string, bool, bool, bool, std::uint64_t>;

// Two nodes, a hot-standby pair active on n1, as n1's pgmd publishes it.
PropertyMap twoNodeProperties()
{
    return {
        {"LocalNode", sdbus::Variant(std::string("n1"))},
        {"LocalNodeId", sdbus::Variant(std::uint32_t{1})},
        {"GroupName", sdbus::Variant(std::string("pgmd"))},
        {"Connection", sdbus::Variant(std::string("connected"))},
        {"Quorate", sdbus::Variant(true)},
        {"Synced", sdbus::Variant(true)},
        {"Nodes", sdbus::Variant(std::vector<NodeRecord>{NodeRecord{"n1", 1u, "present", true, true, ""},
                                                         NodeRecord{"n2", 2u, "present", true, false, ""}})},
        {"Links", sdbus::Variant(std::vector<LinkRecord>{LinkRecord{2u, 0u, true, true},
                                                         LinkRecord{2u, 1u, true, false}})},
        {"Pairs", sdbus::Variant(std::vector<PairRecord>{
                      PairRecord{"app", "hot-standby", std::vector<std::string>{"n1"}, "", {}}})},
        {"FrozenPairs", sdbus::Variant(std::vector<FrozenRecord>{})},
        {"Halves", sdbus::Variant(std::vector<HalfRecord>{
                       HalfRecord{"app", "n1", "active", false, true, false, std::uint64_t{4}},
                       HalfRecord{"app", "n2", "standby", false, false, true, std::uint64_t{2}}})},
    };
}

TEST(ClusterDecoding, EveryRecordInItsFields)
{
    ClusterStatus c = decodeCluster(twoNodeProperties());
    EXPECT_EQ(c.localNode, "n1");
    EXPECT_EQ(c.localNodeId, 1u);
    EXPECT_EQ(c.groupName, "pgmd");
    EXPECT_TRUE(isDeciding(c));
    ASSERT_EQ(c.nodes.size(), 2u);
    EXPECT_EQ(c.nodes[1].name, "n2");
    EXPECT_FALSE(c.nodes[1].canFence);
    ASSERT_EQ(c.links.size(), 2u);
    EXPECT_FALSE(c.links[1].connected);
    EXPECT_EQ(nodeNameOf(c, c.links[1].nodeId), "n2");
    EXPECT_EQ(nodeNameOf(c, 9), "");
    ASSERT_EQ(c.pairs.size(), 1u);
    EXPECT_EQ(c.pairs[0].owners, std::vector<std::string>{"n1"});
    ASSERT_EQ(c.halves.size(), 2u);
    EXPECT_TRUE(c.halves[1].readyStandby);
    EXPECT_EQ(c.halves[0].incarnation, 4u);
}

TEST(ClusterDecoding, WrongRecordTypeIsAnError)
{
    PropertyMap p = twoNodeProperties();
    p["Pairs"] = sdbus::Variant(std::vector<FrozenRecord>{FrozenRecord{"app", "x"}});
    EXPECT_THROW(decodeCluster(p), sdbus::Error);
}

TEST(ClusterView, TablesOfNodesLinksPairsAndHalves)
{
    OutputSettings settings;
    EXPECT_EQ(renderClusterStatus(decodeCluster(twoNodeProperties()), settings),
              "* Cluster\n"
              "      Node: n1 (id 1)\n"
              "Connection: connected\n"
              "   Quorate: yes\n"
              "    Synced: yes\n"
              " CPG group: pgmd\n"
              "\n"
              "Nodes:\n"
              "NODE ID PRESENCE QUORATE CAN-FENCE LAST-FENCE-FAILURE\n"
              "n1   1  present  yes     yes       -\n"
              "n2   2  present  yes     no        -\n"
              "\n"
              "Links:\n"
              "NODE LINK ENABLED CONNECTED\n"
              "n2   0    yes     yes\n"
              "n2   1    yes     no\n"
              "\n"
              "Pairs:\n"
              "GROUP REDUNDANCY  OWNERS LEAD NEEDS-FENCING\n"
              "app   hot-standby n1     -    -\n"
              "\n"
              "Halves:\n"
              "GROUP NODE STATE   HELD CLAIMS-ACTIVE READY-STANDBY INC\n"
              "app   n1   active  no   yes           no            4\n"
              "app   n2   standby no   no            yes           2\n");
}

TEST(ClusterView, FrozenPairsAndAWaitForFencingStandOut)
{
    ClusterStatus c = decodeCluster(twoNodeProperties());
    c.pairs[0].owners.clear();
    c.pairs[0].needsFencing = {"n2"};
    c.frozenPairs = {{"db", "Units= differs on n2"}};
    c.nodes[1].presence = "lost";
    c.nodes[1].lastFenceFailure = "agent exited with status 1";
    OutputSettings settings;
    std::string out = renderClusterStatus(c, settings);
    EXPECT_NE(out.find("app   hot-standby -      -    n2\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\nFrozen pairs:\nGROUP REASON\ndb    Units= differs on n2\n"), std::string::npos) << out;
    EXPECT_NE(out.find("n2   2  lost     yes     no        agent exited with status 1\n"), std::string::npos) << out;
}

TEST(ClusterView, HeaderToneFollowsTheConnection)
{
    ClusterStatus c = decodeCluster(twoNodeProperties());
    EXPECT_EQ(clusterTone(c), Tone::Good);
    c.synced = false;
    EXPECT_EQ(clusterTone(c), Tone::Warning);
    c.quorate = false;
    EXPECT_EQ(clusterTone(c), Tone::Bad);
    c.connection = "connecting";
    EXPECT_EQ(clusterTone(c), Tone::Warning);
    c.connection = "evicted";
    EXPECT_EQ(clusterTone(c), Tone::Bad);
    c.localNodeId = 0;
    OutputSettings settings;
    EXPECT_NE(renderClusterStatus(c, settings).find("Node: n1 (id not joined yet)\n"), std::string::npos);
}

TEST(ClusterJson, RecordsWithTheirFieldNamesAndLinksWithTheNodeName)
{
    Json json = clusterJson(decodeCluster(twoNodeProperties()));
    EXPECT_EQ(json["local_node"], "n1");
    EXPECT_EQ(json["pairs"][0]["owners"], Json::array({"n1"}));
    EXPECT_EQ(json["links"][1]["node"], "n2");
    EXPECT_EQ(json["links"][1]["connected"], false);
    EXPECT_EQ(json["halves"][1]["ready_standby"], true);
    EXPECT_EQ(json["nodes"][0]["can_fence"], true);
    EXPECT_EQ(json["frozen_pairs"], Json::array());
}

using LinkStateRecord = sdbus::Struct<std::string, std::uint32_t, std::uint32_t, bool, std::string, std::string,
                                     std::string>;
using VerdictRecord = sdbus::Struct<std::string, std::uint32_t, std::string, std::int32_t, bool, bool, std::string>;
using BoardViewRecord = sdbus::Struct<std::string, std::uint32_t, std::uint8_t, std::string>;

// n2 reached on link 0 only: link 1 is down at the switch.
PropertyMap withDiagnosis()
{
    PropertyMap p = twoNodeProperties();
    p["LinkStates"] = sdbus::Variant(std::vector<LinkStateRecord>{
        LinkStateRecord{"n2", 2u, 0u, true, "", "ring0", "up"},
        LinkStateRecord{"n2", 2u, 1u, false, "switch", "ring1", "up"}});
    p["PeerVerdicts"] = sdbus::Variant(std::vector<VerdictRecord>{
        VerdictRecord{"n2", 2u, "switch", 1, false, true, "link 1 down"}});
    p["BoardViews"] = sdbus::Variant(std::vector<BoardViewRecord>{BoardViewRecord{"n2", 2u, std::uint8_t{2}, "alive"}});
    return p;
}

TEST(ClusterView, PeersWithTheirVerdictAndLinksWithTheirCause)
{
    ClusterStatus c = decodeCluster(withDiagnosis());
    ASSERT_EQ(c.linkStates.size(), 2u);
    EXPECT_EQ(c.linkStates[1].cause, "switch");
    EXPECT_EQ(c.linkStates[1].interface, "ring1");
    ASSERT_EQ(c.verdicts.size(), 1u);
    EXPECT_EQ(c.verdicts[0].link, 1);
    EXPECT_TRUE(c.verdicts[0].degraded);
    OutputSettings settings;
    const std::string out = renderClusterStatus(c, settings);
    EXPECT_NE(out.find("Peers:\n"
                       "NODE VERDICT                      LINK LOST BOARD          EVIDENCE\n"
                       "n2   switch (degraded redundancy) 1    no   alive (host 2) link 1 down\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("Links:\n"
                       "NODE LINK CONNECTED CAUSE  INTERFACE CARRIER\n"
                       "n2   0    yes       -      ring0     up\n"
                       "n2   1    no        switch ring1     up\n"),
              std::string::npos)
        << out;
    // An older pgmd without them: the plain Links table.
    EXPECT_NE(renderClusterStatus(decodeCluster(twoNodeProperties()), settings).find("NODE LINK ENABLED CONNECTED"),
              std::string::npos);

    Json json = clusterJson(c);
    EXPECT_EQ(json["peer_verdicts"][0]["verdict"], "switch");
    EXPECT_EQ(json["peer_verdicts"][0]["link"], 1);
    EXPECT_EQ(json["peer_verdicts"][0]["degraded"], true);
    EXPECT_EQ(json["link_states"][1]["cause"], "switch");
    EXPECT_EQ(json["link_states"][1]["interface"], "ring1");
    EXPECT_EQ(json["board_views"][0]["node"], "n2");
    EXPECT_EQ(json["board_views"][0]["board_host"], 2);
    EXPECT_EQ(json["board_views"][0]["view"], "alive");
    // A peer without a board host id, or an older pgmd without BoardViews: "-".
    ClusterStatus older = decodeCluster(withDiagnosis());
    older.boardViews.clear();
    EXPECT_NE(renderClusterStatus(older, settings).find("1    no   -     link 1 down"), std::string::npos)
        << renderClusterStatus(older, settings);
}

TEST(ClusterBusFailure, NoClusterObjectIsNotConfigured)
{
    for (const char* name : {"org.freedesktop.DBus.Error.UnknownObject", "org.freedesktop.DBus.Error.UnknownInterface",
                             "org.freedesktop.DBus.Error.UnknownMethod"}) {
        Failure f = classifyClusterBusError(name, "Unknown object '/org/pgmd1/cluster'.", "app");
        EXPECT_EQ(f.exitStatus, kExitNotConfigured) << name;
        EXPECT_EQ(failureLine(f, "switch app over"),
                  "pgmd on this host is not in a cluster (no [Cluster] section in pgmd.conf).")
            << name;
    }
}

TEST(ClusterBusFailure, RefusalsCarryPgmdsReason)
{
    Failure notPaired =
        classifyClusterBusError("org.pgmd1.Error.NotPaired", "solo is not paired across computers (Redundancy=none)",
                                "solo");
    EXPECT_EQ(notPaired.exitStatus, kExitFailure);
    EXPECT_EQ(failureLine(notPaired, "switch solo over"),
              "Failed to switch solo over: solo is not paired across computers (Redundancy=none)");
    Failure notReady = classifyClusterBusError("org.pgmd1.Error.InvalidState",
                                               "n2's half of app is not a ready standby", "app");
    EXPECT_EQ(failureLine(notReady, "switch app over to n2"),
              "Failed to switch app over to n2: n2's half of app is not a ready standby");
    Failure none = classifyClusterBusError("org.pgmd1.Error.NoSuchGroup", "No group named 'x'", "x");
    EXPECT_EQ(none.exitStatus, kExitNoSuchGroup);
    EXPECT_EQ(failureLine(none, "switch x over"), "Group x not found.");
    EXPECT_EQ(failureLine(classifyClusterBusError("org.freedesktop.DBus.Error.AccessDenied", "", "app"),
                          "switch app over"),
              "Failed to switch app over: Access denied (run as root or as a member of pgmd-admin)");
}

class ClusterEvents : public UtcTimeZone {
protected:
    static constexpr std::uint64_t kAt = kSaturdayNoon + 123'000;
};

TEST_F(ClusterEvents, LinesForFailoverFreezeAndMembership)
{
    EXPECT_EQ(eventLine({kAt, Failover{"app", "n1", "n2", "failed on n1"}}, false),
              "2026-11-21 12:00:01.123 app: failover n1 -> n2 (failed on n1)");
    EXPECT_EQ(eventLine({kAt, PairFrozen{"app", true, "Units= differs on n2"}}, false),
              "2026-11-21 12:00:01.123 app: pair frozen (Units= differs on n2)");
    EXPECT_EQ(eventLine({kAt, PairFrozen{"app", false, ""}}, false),
              "2026-11-21 12:00:01.123 app: pair no longer frozen");
    EXPECT_EQ(eventLine({kAt, MembershipChanged{"n2", 2, "node-down"}}, false),
              "2026-11-21 12:00:01.123 (cluster): node n2 (id 2) node-down");
}

TEST_F(ClusterEvents, LinesForSwitchoverEndsAndHalves)
{
    EXPECT_EQ(eventLine({kAt, SwitchoverEnded{"app", "n1", "n2", "n1", "completed", "n1 stood down"}}, false),
              "2026-11-21 12:00:01.123 app: switch-over n1 -> n2 completed, asked on n1 (n1 stood down)");
    EXPECT_EQ(eventLine({kAt, SwitchoverEnded{"app", "", "", "n2", "refused", "no single owner"}}, false),
              "2026-11-21 12:00:01.123 app: switch-over - -> - refused, asked on n2 (no single owner)");
    EXPECT_EQ(eventLine({kAt, SwitchoverEnded{"app", "n1", "n2", "n1", "abandoned", ""}}, true),
              "2026-11-21 12:00:01.123 app: switch-over n1 -> n2 \x1b[0;1;33mabandoned\x1b[0m, asked on n1");
    EXPECT_EQ(eventLine({kAt, HalfBorn{"app", "n2", 4}}, false),
              "2026-11-21 12:00:01.123 app: half on n2 born, incarnation 4");
    EXPECT_EQ(eventLine({kAt, HalfDied{"app", "n1", 7, "stands by after a switch-over"}}, false),
              "2026-11-21 12:00:01.123 app: half on n1 died, incarnation 7 (stands by after a switch-over)");
}

TEST_F(ClusterEvents, JsonOfSwitchoverEndsAndHalves)
{
    EXPECT_EQ(eventJson({5, SwitchoverEnded{"app", "n1", "n2", "n2", "completed", "r"}}).dump(),
              R"({"timestamp":5,"event":"switchover_ended","group":"app","from_node":"n1","to_node":"n2",)"
              R"("by_node":"n2","outcome":"completed","reason":"r"})");
    EXPECT_EQ(eventJson({5, HalfBorn{"app", "n2", 4}}).dump(),
              R"({"timestamp":5,"event":"half_born","group":"app","node":"n2","incarnation":4})");
    EXPECT_EQ(eventJson({5, HalfDied{"app", "n1", 7, "r"}}).dump(),
              R"({"timestamp":5,"event":"half_died","group":"app","node":"n1","incarnation":7,"reason":"r"})");
    EXPECT_TRUE(isWatched(SwitchoverEnded{"app", "n1", "n2", "n1", "completed", ""}, {"app"}));
    EXPECT_FALSE(isWatched(HalfBorn{"app", "n2", 4}, {"billing"}));
    EXPECT_FALSE(isWatched(HalfDied{"app", "n2", 4, ""}, {"billing"}));
    EXPECT_TRUE(isWatched(HalfDied{"app", "n2", 4, ""}, {}));
}

TEST_F(ClusterEvents, JsonAndWhichGroupsTheyConcern)
{
    Json failover = eventJson({kAt, Failover{"app", "n1", "n2", "switch-over requested on n1"}});
    EXPECT_EQ(failover["event"], "failover");
    EXPECT_EQ(failover["from_node"], "n1");
    EXPECT_EQ(failover["to_node"], "n2");
    Json frozen = eventJson({kAt, PairFrozen{"app", true, "x"}});
    EXPECT_EQ(frozen["event"], "pair_frozen");
    EXPECT_EQ(frozen["frozen"], true);
    Json member = eventJson({kAt, MembershipChanged{"n2", 2, "join"}});
    EXPECT_EQ(member["event"], "membership_changed");
    EXPECT_EQ(member["group"], "");
    EXPECT_EQ(member["node_id"], 2);

    EXPECT_TRUE(isWatched(Failover{"app", "n1", "n2", ""}, {"app"}));
    EXPECT_FALSE(isWatched(Failover{"app", "n1", "n2", ""}, {"billing"}));
    EXPECT_FALSE(isWatched(PairFrozen{"app", true, ""}, {"billing"}));
    EXPECT_TRUE(isWatched(MembershipChanged{"n2", 2, "leave"}, {"billing"}));
}

TEST_F(ClusterEvents, PeerLostAndLinkChanges)
{
    EXPECT_EQ(eventLine({kAt, PeerLost{"n2", "peer-pgmd-down", "CPG: process down"}}, false),
              "2026-11-21 12:00:01.123 (cluster): node n2 lost: peer-pgmd-down (CPG: process down)");
    EXPECT_EQ(eventLine({kAt, ClusterLinkChanged{"n2", 1, false, "switch"}}, false),
              "2026-11-21 12:00:01.123 (cluster): link 1 to n2 down (cause: switch)");
    EXPECT_EQ(eventLine({kAt, ClusterLinkChanged{"n2", 1, true, ""}}, false),
              "2026-11-21 12:00:01.123 (cluster): link 1 to n2 up");
    Json lost = eventJson({kAt, PeerLost{"n2", "partition", "x"}});
    EXPECT_EQ(lost["event"], "peer_lost");
    EXPECT_EQ(lost["verdict"], "partition");
    Json down = eventJson({kAt, ClusterLinkChanged{"n2", 1, false, "peer-nic"}});
    EXPECT_EQ(down["event"], "link_down");
    EXPECT_EQ(down["cause"], "peer-nic");
    EXPECT_EQ(eventJson({kAt, ClusterLinkChanged{"n2", 1, true, ""}})["event"], "link_up");
    EXPECT_TRUE(isWatched(PeerLost{"n2", "partition", ""}, {"billing"}));
}

class PairedStatus : public UtcTimeZone {
protected:
    static GroupStatus paired()
    {
        GroupStatus g = billingGroup();
        g.redundancy = "hot-standby";
        g.clusterNodes = {"n1", "n2"};
        g.owners = {"n1"};
        g.lead = true;
        g.mate = "n2";
        g.mateState = "standby";
        return g;
    }
    OutputSettings settings;
};

TEST_F(PairedStatus, RedundancyNodesOwnersAndMate)
{
    std::string out = renderGroupStatus(paired(), kSaturdayNoon, settings);
    EXPECT_NE(out.find("        Redundancy: hot-standby\n"
                       "             Nodes: n1, n2\n"
                       "            Owners: n1\n"
                       "              Mate: n2 (standby)\n"),
              std::string::npos)
        << out;
    EXPECT_EQ(out.find("Lead:"), std::string::npos) << "only lead-active shows the lead";
}

TEST_F(PairedStatus, LeadActiveShowsTheLeadAndNoOwnerIsLoud)
{
    GroupStatus g = paired();
    g.redundancy = "lead-active";
    g.lead = false;
    g.owners.clear();
    g.mate.clear();
    std::string out = renderGroupStatus(g, kSaturdayNoon, settings);
    EXPECT_NE(out.find("Owners: none\n"), std::string::npos) << out;
    EXPECT_NE(out.find("Lead: another half\n"), std::string::npos) << out;
    EXPECT_NE(out.find("Mate: none\n"), std::string::npos) << out;
}

TEST_F(PairedStatus, UnpairedGroupsShowNothingOfIt)
{
    GroupStatus g = billingGroup();
    g.redundancy = "none";
    EXPECT_EQ(renderGroupStatus(g, kSaturdayNoon, settings).find("Redundancy"), std::string::npos);
}

} // namespace
} // namespace pgmctl
