#include "watch_events.hpp"

#include "utc_time_zone.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

using WatchEvents = UtcTimeZone;

constexpr std::uint64_t kAt = kSaturdayNoon + 123'000;

TEST_F(WatchEvents, StateChangeLine)
{
    TimedEvent e{kAt, StateChanged{"billing", "active", "init", "billing-api.service failed"}};
    EXPECT_EQ(eventLine(e, false), "2026-11-21 12:00:01.123 billing: active -> init (billing-api.service failed)");
}

TEST_F(WatchEvents, EscalationLine)
{
    EXPECT_EQ(eventLine({kAt, EscalationStep{"billing", "restart-group", "budget spent"}}, false),
              "2026-11-21 12:00:01.123 billing: escalation restart-group (budget spent)");
    EXPECT_EQ(eventLine({kAt, EscalationStep{"", "reboot", "platform failed"}}, false),
              "2026-11-21 12:00:01.123 (host): escalation reboot (platform failed)");
}

TEST_F(WatchEvents, NoReasonNoParentheses)
{
    EXPECT_EQ(eventLine({kAt, StateChanged{"billing", "init", "active", ""}}, false),
              "2026-11-21 12:00:01.123 billing: init -> active");
}

TEST_F(WatchEvents, ActivationRequestLine)
{
    EXPECT_EQ(eventLine({kAt, ActivationRequested{"billing", "active", 8}}, false),
              "2026-11-21 12:00:01.123 billing: activation requested: active, incarnation 8");
}

TEST_F(WatchEvents, ColouredStates)
{
    std::string line = eventLine({kAt, StateChanged{"billing", "active", "unavailable", ""}}, true);
    EXPECT_NE(line.find("\x1b[0;1;32mactive\x1b[0m -> \x1b[0;1;31munavailable\x1b[0m"), std::string::npos) << line;
}

TEST_F(WatchEvents, LinkStateLine)
{
    EXPECT_EQ(eventLine({kAt, LinkStateChanged{"down"}}, false),
              "2026-11-21 12:00:01.123 (host): independent computer link down");
    EXPECT_EQ(eventLine({kAt, LinkStateChanged{"up"}}, true),
              "2026-11-21 12:00:01.123 (host): independent computer link \x1b[0;1;32mup\x1b[0m");
}

TEST_F(WatchEvents, PgmdAwayAndBackWithTheStatesAgain)
{
    EXPECT_EQ(eventLine({kAt, PgmdPresence{false}}, false),
              "2026-11-21 12:00:01.123 (host): pgmd went away; waiting for it to return");
    EXPECT_EQ(eventLine({kAt, PgmdPresence{true}}, false), "2026-11-21 12:00:01.123 (host): pgmd is back");
    EXPECT_EQ(eventLine({kAt, GroupStateNow{"billing", "active", false}}, false),
              "2026-11-21 12:00:01.123 billing: is active");
    EXPECT_EQ(eventLine({kAt, GroupStateNow{"msgbus", "unavailable", true}}, false),
              "2026-11-21 12:00:01.123 msgbus: is unavailable (held)");
    Json back = eventJson({kAt, PgmdPresence{true}});
    EXPECT_EQ(back["event"], "pgmd_connected");
    EXPECT_EQ(eventJson({kAt, PgmdPresence{false}})["event"], "pgmd_disconnected");
    Json state = eventJson({kAt, GroupStateNow{"msgbus", "unavailable", true}});
    EXPECT_EQ(state["event"], "group_state");
    EXPECT_EQ(state["state"], "unavailable");
    EXPECT_EQ(state["held"], true);
    EXPECT_TRUE(isWatched(PgmdPresence{true}, {"billing"}));
    EXPECT_TRUE(isWatched(GroupStateNow{"billing", "active", false}, {"billing"}));
    EXPECT_FALSE(isWatched(GroupStateNow{"msgbus", "active", false}, {"billing"}));
}

TEST(WatchEventJson, SignalAndArgumentNames)
{
    EXPECT_EQ(eventJson({5, StateChanged{"billing", "active", "init", "r"}}).dump(),
              R"({"timestamp":5,"event":"group_state_changed","group":"billing","old_state":"active",)"
              R"("new_state":"init","reason":"r"})");
    EXPECT_EQ(eventJson({5, EscalationStep{"", "reboot", "r"}}).dump(),
              R"({"timestamp":5,"event":"escalation_step","group":"","step":"reboot","reason":"r"})");
    EXPECT_EQ(eventJson({5, ActivationRequested{"billing", "standby", 3}}).dump(),
              R"({"timestamp":5,"event":"activation_requested","group":"billing","state":"standby","incarnation":3})");
    EXPECT_EQ(eventJson({5, LinkStateChanged{"connecting"}}).dump(),
              R"({"timestamp":5,"event":"link_state_changed","group":"","state":"connecting"})");
}

TEST(WatchFilter, AllWithoutGroups)
{
    EXPECT_TRUE(isWatched(StateChanged{"any", "", "", ""}, {}));
}

TEST(WatchFilter, OnlyTheGroupsGiven)
{
    std::vector<std::string> groups{"billing", "msgbus"};
    EXPECT_TRUE(isWatched(StateChanged{"billing", "", "", ""}, groups));
    EXPECT_TRUE(isWatched(ActivationRequested{"msgbus", "active", 1}, groups));
    EXPECT_FALSE(isWatched(StateChanged{"other", "", "", ""}, groups));
    EXPECT_FALSE(isWatched(EscalationStep{"other", "restart-group", ""}, groups));
}

TEST(WatchFilter, HostWideStepsConcernEveryone)
{
    EXPECT_TRUE(isWatched(EscalationStep{"", "reboot", ""}, {"billing"}));
    EXPECT_TRUE(isWatched(LinkStateChanged{"down"}, {"billing"}));
}

} // namespace
} // namespace pgmctl
