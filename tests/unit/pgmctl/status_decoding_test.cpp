#include "status_decoding.hpp"

#include <sdbus-c++/Error.h>

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

using MemberTuple = sdbus::Struct<std::string, std::string, std::string, std::uint32_t>;
using StepTuple = sdbus::Struct<std::uint64_t, std::string, std::string>;

TEST(StatusDecoding, GroupProperties)
{
    PropertyMap p;
    p["Name"] = sdbus::Variant(std::string("billing"));
    p["State"] = sdbus::Variant(std::string("active"));
    p["Held"] = sdbus::Variant(true);
    p["Incarnation"] = sdbus::Variant(std::uint64_t{7});
    p["ProcessRestarts"] = sdbus::Variant(std::uint32_t{2});
    p["ProcessRestartIntervalUSec"] = sdbus::Variant(std::uint64_t{300'000'000});
    p["DependsOn"] = sdbus::Variant(std::vector<std::string>{"msgbus", "db"});
    p["Members"] = sdbus::Variant(std::vector<MemberTuple>{MemberTuple{"a.service", "active", "running", 42u}});
    p["RecentSteps"] = sdbus::Variant(std::vector<StepTuple>{StepTuple{std::uint64_t{5}, "restart-group", "why"}});

    GroupStatus g = decodeGroup(p);
    EXPECT_EQ(g.name, "billing");
    EXPECT_EQ(g.state, "active");
    EXPECT_TRUE(g.held);
    EXPECT_EQ(g.incarnation, 7u);
    EXPECT_EQ(g.processRestarts, 2u);
    EXPECT_EQ(g.processRestartIntervalUsec, 300'000'000u);
    EXPECT_EQ(g.dependsOn, (std::vector<std::string>{"msgbus", "db"}));
    ASSERT_EQ(g.members.size(), 1u);
    EXPECT_EQ(g.members[0].unit, "a.service");
    EXPECT_EQ(g.members[0].subState, "running");
    EXPECT_EQ(g.members[0].mainPid, 42u);
    ASSERT_EQ(g.recentSteps.size(), 1u);
    EXPECT_EQ(g.recentSteps[0].timestampUsec, 5u);
    EXPECT_EQ(g.recentSteps[0].step, "restart-group");
    EXPECT_EQ(g.recentSteps[0].reason, "why");
}

TEST(StatusDecoding, MissingPropertiesKeepDefaults)
{
    PropertyMap p;
    p["Name"] = sdbus::Variant(std::string("old"));
    GroupStatus g = decodeGroup(p);
    EXPECT_EQ(g.name, "old");
    EXPECT_EQ(g.description, "");
    EXPECT_TRUE(g.members.empty());
    EXPECT_EQ(g.activationTimeoutUsec, 0u);
}

TEST(StatusDecoding, WrongTypeIsAnError)
{
    PropertyMap p;
    p["Incarnation"] = sdbus::Variant(std::string("seven"));
    EXPECT_THROW(decodeGroup(p), sdbus::Error);
}

TEST(StatusDecoding, ManagerProperties)
{
    PropertyMap p;
    p["NodeName"] = sdbus::Variant(std::string("node-a"));
    p["RebootCount"] = sdbus::Variant(std::uint32_t{1});
    p["TotalReboots"] = sdbus::Variant(std::uint64_t{9});
    p["EscalationExhausted"] = sdbus::Variant(true);
    p["ConfigLoadedTimestamp"] = sdbus::Variant(std::uint64_t{123});
    p["ConfigStale"] = sdbus::Variant(true);
    p["ConfigStaleReason"] = sdbus::Variant(std::string("1 configuration error in /etc/pgmd:\nx"));
    ManagerStatus m = decodeManager(p);
    EXPECT_EQ(m.nodeName, "node-a");
    EXPECT_EQ(m.rebootCount, 1u);
    EXPECT_EQ(m.totalReboots, 9u);
    EXPECT_TRUE(m.escalationExhausted);
    EXPECT_EQ(m.configLoadedTimestampUsec, 123u);
    EXPECT_TRUE(m.configStale);
    EXPECT_EQ(m.configStaleReason, "1 configuration error in /etc/pgmd:\nx");
}

TEST(StatusDecoding, IcdProperties)
{
    PropertyMap p;
    p["Link"] = sdbus::Variant(std::string("serial /dev/ttyS1"));
    p["LinkState"] = sdbus::Variant(std::string("up"));
    p["LastReply"] = sdbus::Variant(std::string("ACK heartbeat (seq 41)"));
    p["LastReplyTimestamp"] = sdbus::Variant(std::uint64_t{123});
    p["HeartbeatsSent"] = sdbus::Variant(std::uint64_t{120});
    p["Counters"] = sdbus::Variant(std::map<std::string, std::uint64_t>{{"accepted", 118}, {"crc", 2}});
    p["BoardState"] = sdbus::Variant(std::string("armed"));

    IcdStatus icd = decodeIcd(p);
    EXPECT_EQ(icd.link, "serial /dev/ttyS1");
    EXPECT_EQ(icd.linkState, "up");
    EXPECT_TRUE(isLinkUp(icd));
    EXPECT_EQ(icd.lastReply, "ACK heartbeat (seq 41)");
    EXPECT_EQ(icd.lastReplyTimestampUsec, 123u);
    EXPECT_EQ(icd.heartbeatsSent, 120u);
    EXPECT_EQ(icd.counters, (std::map<std::string, std::uint64_t>{{"accepted", 118}, {"crc", 2}}));
    EXPECT_EQ(icd.boardState, "armed");
}

TEST(StatusDecoding, IcdFromAnOlderPgmd)
{
    PropertyMap p;
    p["LinkState"] = sdbus::Variant(std::string("connecting"));
    IcdStatus icd = decodeIcd(p);
    EXPECT_FALSE(isLinkUp(icd));
    EXPECT_TRUE(icd.counters.empty());
    EXPECT_EQ(icd.boardState, "");
}

TEST(StatusDecoding, IcdCountersOfTheWrongTypeAreAnError)
{
    PropertyMap p;
    p["Counters"] = sdbus::Variant(std::map<std::string, std::uint32_t>{{"accepted", 1}});
    EXPECT_THROW(decodeIcd(p), sdbus::Error);
}

} // namespace
} // namespace pgmctl
