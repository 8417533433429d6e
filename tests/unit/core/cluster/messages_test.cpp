// The arbiters' wire format: every message survives the trip, and anything
// malformed is refused with a reason instead of being guessed at.

#include "core/cluster/definition_digest.hpp"
#include "core/cluster/messages.hpp"

#include <gtest/gtest.h>

namespace pgmd::cluster {
namespace {

Report sampleReport()
{
    Report r;
    r.nodeName = "node-a";
    r.quorate = true;
    r.canFence = true;
    r.boardHost = 3;
    r.boardCanFence = true;
    r.halves.push_back(HalfReport{"db", 0xfedcba9876543210ULL, GroupState::Active, false, true, false, 7});
    r.halves.push_back(HalfReport{"web", 1, GroupState::Standby, true, false, false, 0});
    r.owners.push_back(OwnerRecord{"db", 3, {"node-a"}, "", Handover{"node-a", "node-b", "node-c"}});
    r.owners.push_back(OwnerRecord{"web", 0, {}, "node-b", std::nullopt});
    r.lost.push_back(LostNode{4, "node-d"});
    return r;
}

std::string decodeError(const std::string& bytes)
{
    std::string error;
    EXPECT_FALSE(decode(bytes, &error).has_value()) << bytes.substr(0, 200);
    EXPECT_FALSE(error.empty());
    return error;
}

TEST(ClusterMessages, EveryKindSurvivesEncodeAndDecode)
{
    for (const Message& m : {Message{sampleReport()}, Message{SwitchoverRequest{"db", "node-b", "node-a"}},
                             Message{FenceOutcome{0xffffffffu, "node-d", true, "status: off"}},
                             Message{Report{}}}) {
        std::string error;
        std::optional<Message> back = decode(encode(m), &error);
        ASSERT_TRUE(back.has_value()) << error;
        EXPECT_EQ(*back, m);
    }
}

TEST(ClusterMessages, TheEncodingIsCompactVersionedJson)
{
    const std::string bytes = encode(SwitchoverRequest{"db", "", "a"});
    EXPECT_EQ(bytes, R"({"by":"a","group":"db","to":"","type":"switchover","v":1})");
}

TEST(ClusterMessages, TruncatedMessagesAreRefused)
{
    const std::string full = encode(sampleReport());
    for (std::size_t cut : {std::size_t(0), std::size_t(1), full.size() / 2, full.size() - 1})
        decodeError(full.substr(0, cut));
}

TEST(ClusterMessages, AnotherVersionOrAnUnknownTypeIsRefused)
{
    EXPECT_NE(decodeError(R"({"v":2,"type":"switchover","group":"db","to":"","by":"a"})").find("unsupported version 2"),
              std::string::npos);
    EXPECT_NE(decodeError(R"({"type":"switchover","group":"db","to":"","by":"a"})").find("\"v\""), std::string::npos);
    EXPECT_NE(decodeError(R"({"v":"1","type":"switchover","group":"db","to":"","by":"a"})").find("version"),
              std::string::npos);
    EXPECT_NE(decodeError(R"({"v":1,"type":"takeover"})").find("unknown message type \"takeover\""),
              std::string::npos);
}

TEST(ClusterMessages, WrongTypesAndMissingMembersAreRefused)
{
    EXPECT_NE(decodeError(R"({"v":1,"type":"report","node":"a","quorate":"yes","canFence":false,"halves":[],"owners":[],"lost":[]})")
                  .find("[\"quorate\"]: expected true or false"),
              std::string::npos);
    EXPECT_NE(decodeError(R"({"v":1,"type":"report","node":"a","quorate":true,"canFence":false,"owners":[],"lost":[]})")
                  .find("no \"halves\" member"),
              std::string::npos);
    decodeError(R"({"v":1,"type":"report","node":"a","quorate":true,"canFence":false,"halves":{},"owners":[],"lost":[]})");
    decodeError(R"({"v":1,"type":"report","node":"a","quorate":true,"canFence":false,"halves":[1],"owners":[],"lost":[]})");
    decodeError(R"({"v":1,"type":"fence-outcome","target":-1,"targetName":"b","off":true,"detail":""})");
    decodeError(R"({"v":1,"type":"fence-outcome","target":4294967296,"targetName":"b","off":true,"detail":""})");
    decodeError(R"({"v":1,"type":"fence-outcome","target":1.5,"targetName":"b","off":true,"detail":""})");
    decodeError(R"({"v":1,"type":"switchover","group":7,"to":"","by":"a"})");
    decodeError(R"([1,2,3])");
    decodeError("null");
    decodeError("");
    decodeError("\xff\xfe garbage");
    // An unknown group state is not guessed at.
    std::string bytes = encode(sampleReport());
    bytes.replace(bytes.find("\"active\""), 8, "\"busy\"");
    EXPECT_NE(decodeError(bytes).find("unknown group state \"busy\""), std::string::npos);
}

// A report from a pgmd that predates the board members still decodes (no
// board); one that has them is as strict about them as about the rest.
TEST(ClusterMessages, BoardMembersAreOptionalButChecked)
{
    const std::string older = R"({"v":1,"type":"report","node":"a","quorate":true,"canFence":false,"halves":[],"owners":[],"lost":[]})";
    std::string error;
    const auto decoded = decode(older, &error);
    ASSERT_TRUE(decoded.has_value()) << error;
    EXPECT_EQ(std::get<Report>(*decoded).boardHost, 0u);
    EXPECT_FALSE(std::get<Report>(*decoded).boardCanFence);

    auto withBoard = [](const std::string& members) {
        return R"({"v":1,"type":"report","node":"a","quorate":true,"canFence":false,)" + members +
               R"(,"halves":[],"owners":[],"lost":[]})";
    };
    EXPECT_NE(decodeError(withBoard(R"("boardHost":256,"boardCanFence":true)")).find("not a board host id"),
              std::string::npos);
    decodeError(withBoard(R"("boardHost":-1,"boardCanFence":true)"));
    decodeError(withBoard(R"("boardHost":"2","boardCanFence":true)"));
    EXPECT_NE(decodeError(withBoard(R"("boardHost":2,"boardCanFence":1)")).find("[\"boardCanFence\"]"),
              std::string::npos);
    // No host id: the board cannot be asked about this node, whatever the flag says.
    const auto noHost = decode(withBoard(R"("boardHost":0,"boardCanFence":true)"));
    ASSERT_TRUE(noHost.has_value());
    EXPECT_FALSE(std::get<Report>(*noHost).boardCanFence);
}

TEST(ClusterMessages, OversizedStringsAndHugeArraysAreRefused)
{
    Report longName;
    longName.nodeName = std::string(kMaxNameBytes + 1, 'n');
    EXPECT_NE(decodeError(encode(longName)).find("longer than 255 bytes"), std::string::npos);

    FenceOutcome chatty{2, "b", false, std::string(kMaxDetailBytes + 1, 'x')};
    decodeError(encode(chatty));

    std::string manyHalves = R"({"v":1,"type":"report","node":"a","quorate":true,"canFence":false,"halves":[)";
    for (std::size_t i = 0; i <= kMaxHalves; ++i)
        manyHalves += i ? ",0" : "0";
    manyHalves += R"(],"owners":[],"lost":[]})";
    EXPECT_NE(decodeError(manyHalves).find("more than 4096 elements"), std::string::npos);

    OwnerRecord crowded{"db", 1, std::vector<std::string>(kMaxOwners + 1, "n"), "", std::nullopt};
    Report r;
    r.owners.push_back(crowded);
    decodeError(encode(r));

    EXPECT_NE(decodeError(std::string(kMaxMessageBytes + 1, ' ')).find("more than"), std::string::npos);
}

TEST(ClusterMessages, DeepNestingDoesNotCrash)
{
    decodeError(std::string(200000, '['));
    decodeError(std::string(100000, '[') + std::string(100000, ']'));
}

TEST(DefinitionDigest, CoversTheClusterWideKeysOnly)
{
    GroupSpec g;
    g.name = "db";
    g.redundancy = Redundancy::HotStandby;
    g.nodes = {"a", "b"};
    g.standby = StandbyKind::Hot;
    EXPECT_EQ(canonicalDefinition(g),
              "redundancy=hot-standby\nnodes=1:a;1:b;\nactive-count=1\nstandby=hot\nhandshake=none\n");
    const std::uint64_t digest = definitionDigest(g);
    // Pinned: the digest must not change between builds, hosts or versions.
    EXPECT_EQ(digest, 0x988970eee48cf2b4ULL) << std::hex << digest;

    GroupSpec local = g;  // what only this node sees does not count
    local.description = "the database";
    local.members.push_back(MemberSpec{"db.service"});
    local.role = Role::Alternate;
    local.mate = "a";
    EXPECT_EQ(definitionDigest(local), digest);

    for (auto change : std::vector<void (*)(GroupSpec&)>{
             [](GroupSpec& s) { s.nodes = {"b", "a"}; },
             [](GroupSpec& s) { s.activeCount = 2; },
             [](GroupSpec& s) { s.standby = StandbyKind::Cold; },
             [](GroupSpec& s) { s.handshake = Handshake::Bus; },
             [](GroupSpec& s) { s.redundancy = Redundancy::Sparing; },
             [](GroupSpec& s) { s.nodes = {"a;1:b"}; },
         }) {
        GroupSpec other = g;
        change(other);
        EXPECT_NE(definitionDigest(other), digest) << canonicalDefinition(other);
    }
}

} // namespace
} // namespace pgmd::cluster
