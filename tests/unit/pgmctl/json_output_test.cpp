#include "json_output.hpp"

#include "sample_groups.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

TEST(JsonOutput, GroupFieldsAreSnakeCaseOfTheDbusNames)
{
    Json j = groupJson(billingGroup());
    EXPECT_EQ(j["name"], "billing");
    EXPECT_EQ(j["state"], "active");
    EXPECT_EQ(j["incarnation"], 7);
    EXPECT_EQ(j["depends_on"], Json::array({"msgbus"}));
    EXPECT_EQ(j["process_restarts"], 1);
    EXPECT_EQ(j["process_restart_burst"], 3);
    EXPECT_EQ(j["process_restart_interval_usec"], 300'000'000);
    EXPECT_EQ(j["activation_timeout_usec"], 30'000'000);
    EXPECT_EQ(j["state_change_timestamp"], kSaturdayNoon);
    EXPECT_EQ(j["held"], false);
    EXPECT_EQ(j["members"][0]["unit"], "billing-api.service");
    EXPECT_EQ(j["members"][0]["active_state"], "active");
    EXPECT_EQ(j["members"][0]["sub_state"], "running");
    EXPECT_EQ(j["members"][0]["main_pid"], 1234);
    EXPECT_EQ(j["recent_steps"][0]["step"], "restart-process");
    EXPECT_EQ(j["recent_steps"][0]["timestamp"], kSaturdayNoon - 60'000'000 + 5'000);
}

TEST(JsonOutput, WaitingForIsAListOfKindNameAndDetail)
{
    GroupStatus g = billingGroup();
    EXPECT_EQ(groupJson(g)["waiting_for"], Json::array());
    g.waitingFor = {{"group", "msgbus", "unavailable"}};
    EXPECT_EQ(groupJson(g)["waiting_for"],
              Json::parse(R"([{"kind": "group", "name": "msgbus", "detail": "unavailable"}])"));
}

TEST(JsonOutput, ManagerFields)
{
    Json j = managerJson(nodeA());
    EXPECT_EQ(j["node_name"], "node-a");
    EXPECT_EQ(j["reboot_count"], 1);
    EXPECT_EQ(j["reboot_interval_usec"], 3'600'000'000ULL);
    EXPECT_EQ(j["total_reboots"], 4);
    EXPECT_EQ(j["host_reinit_burst"], 3);
    EXPECT_EQ(j["escalation_exhausted"], false);
    EXPECT_EQ(j["config_loaded_timestamp"], kSaturdayNoon);
    EXPECT_EQ(j["config_stale"], false);
    EXPECT_EQ(j["config_stale_reason"], "");
}

TEST(JsonOutput, IcdFieldsWithEveryCounter)
{
    EXPECT_EQ(icdJson(serialIcd()).dump(),
              R"j({"link":"serial /dev/ttyS1","link_state":"up","last_reply":"ACK heartbeat (seq 41)",)j"
              R"j("last_reply_timestamp":1795262397750000,"heartbeats_sent":120,)j"
              R"j("counters":{"accepted":118,"cobs":0,"crc":2,"noise":0,"replay":1},"board_state":"armed",)j"
              R"j("can_fence":true})j");
}

TEST(JsonOutput, IcdWithoutCountersHasAnEmptyObject)
{
    IcdStatus icd;
    EXPECT_EQ(icdJson(icd)["counters"], Json::object());
}

TEST(JsonOutput, ShortIsOneLinePrettyIsIndented)
{
    Json j = {{"name", "billing"}, {"incarnation", 7}};
    EXPECT_EQ(renderJson(j, JsonMode::Short), "{\"name\":\"billing\",\"incarnation\":7}\n");
    EXPECT_EQ(renderJson(j, JsonMode::Pretty), "{\n  \"name\": \"billing\",\n  \"incarnation\": 7\n}\n");
}

TEST(JsonOutput, InvalidUtf8IsReplacedNotRefused)
{
    Json j = {{"reason", std::string("bad \xff byte")}};
    EXPECT_EQ(renderJson(j, JsonMode::Short), "{\"reason\":\"bad \xef\xbf\xbd byte\"}\n");
}

} // namespace
} // namespace pgmctl
