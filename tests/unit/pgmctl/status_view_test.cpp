#include "status_view.hpp"

#include "sample_groups.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

constexpr std::uint64_t kFiveMinutesLater = kSaturdayNoon + 300'000'000;

class StatusView : public UtcTimeZone {
protected:
    OutputSettings settings;
};

TEST_F(StatusView, Group)
{
    EXPECT_EQ(renderGroupStatus(billingGroup(), kFiveMinutesLater, settings),
              "* billing - Billing API and database\n"
              "             Layer: application\n"
              "             State: active since Sat 2026-11-21 12:00:01 UTC; 5min ago\n"
              "              Role: primary\n"
              "           Standby: cold\n"
              "         Handshake: bus\n"
              "       Incarnation: 7\n"
              "              Held: no\n"
              "             Slice: pgm-application-billing.slice\n"
              "        Depends on: msgbus\n"
              "         Resources: spool\n"
              "  Process restarts: 1/3 in 5min\n"
              "    Group restarts: 0/2 in 15min\n"
              "Activation timeout: 30s\n"
              "        Last fault: billing-api.service exited with status 1 (Sat 2026-11-21 11:59:01 UTC; 6min ago)\n"
              "           Members: billing-api.service active (running) Main PID: 1234\n"
              "                    billing-db.service  active (exited)\n"
              "\n"
              "Recent steps:\n"
              "  2026-11-21 11:59:01.005 restart-process (billing-api.service exited with status 1)\n");
}

TEST_F(StatusView, HeldGroupWithoutOptionalFields)
{
    EXPECT_EQ(renderGroupStatus(msgbusGroup(), kFiveMinutesLater, settings),
              "* msgbus\n"
              "           Layer: platform\n"
              "           State: unavailable (held)\n"
              "            Role: none\n"
              "     Incarnation: 3\n"
              "            Held: yes (group restart budget spent)\n"
              "Process restarts: 3/3\n"
              "  Group restarts: 2/2\n");
}

TEST_F(StatusView, RequestedStateWhileAwaitingAnAcknowledgement)
{
    GroupStatus g = billingGroup();
    g.requestedState = "active";
    g.requestedIncarnation = 8;
    std::string out = renderGroupStatus(g, kFiveMinutesLater, settings);
    EXPECT_NE(out.find("         Requested: active (incarnation 8)\n"), std::string::npos) << out;
}

TEST_F(StatusView, WaitsForLineOnlyWhenTheGroupWaits)
{
    GroupStatus g = msgbusGroup();
    EXPECT_EQ(renderGroupStatus(g, kFiveMinutesLater, settings).find("Waits for"), std::string::npos);
    g.waitingFor = {{"hold", "", "group restart budget spent"}, {"resource", "spool", "failing: /var/spool/x missing"}};
    std::string out = renderGroupStatus(g, kFiveMinutesLater, settings);
    EXPECT_NE(out.find("            Held: yes (group restart budget spent)\n"
                       "       Waits for: hold (group restart budget spent), resource spool (failing: /var/spool/x "
                       "missing)\n"),
              std::string::npos)
        << out;
}

TEST_F(StatusView, MembersFallBackToUnitsFromAnOlderPgmd)
{
    GroupStatus g = billingGroup();
    g.members.clear();
    std::string out = renderGroupStatus(g, kFiveMinutesLater, settings);
    EXPECT_NE(out.find("Members: billing-api.service, billing-db.service\n"), std::string::npos) << out;
}

TEST_F(StatusView, BulletColouredByState)
{
    settings.colour = true;
    std::string out = renderGroupStatus(msgbusGroup(), kFiveMinutesLater, settings);
    EXPECT_EQ(out.rfind("\x1b[0;1;31m*\x1b[0m msgbus\n", 0), 0u) << out;
}

TEST_F(StatusView, BusTextCannotDriveTheTerminal)
{
    GroupStatus g = msgbusGroup();
    g.holdReason = "evil\x1b]0;title\x07";
    std::string out = renderGroupStatus(g, kFiveMinutesLater, settings);
    EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
}

TEST_F(StatusView, Manager)
{
    std::vector<GroupStatus> groups{msgbusGroup(), billingGroup()};
    EXPECT_EQ(renderManagerStatus(nodeA(), groups, kFiveMinutesLater, settings),
              "* node-a\n"
              "        State: degraded\n"
              "      Version: 0.3.0\n"
              "       Config: /etc/pgmd (loaded Sat 2026-11-21 12:00:01 UTC; 5min ago)\n"
              "      Reboots: 1/2 in 1h (4 in total)\n"
              "Host re-inits: 0/3\n"
              "   Escalation: not exhausted\n"
              "       Groups: 2\n"
              "\n"
              "  * msgbus  platform    unavailable (held)\n"
              "  * billing application active\n");
}

TEST_F(StatusView, ManagerHealth)
{
    auto stateLine = [&](const ManagerStatus& m, std::vector<GroupStatus> groups) {
        std::string out = renderManagerStatus(m, groups, kFiveMinutesLater, settings);
        std::size_t start = out.find("State: ");
        return out.substr(start, out.find('\n', start) - start);
    };
    GroupStatus starting = billingGroup();
    starting.state = "init";
    GroupStatus offline = billingGroup();
    offline.state = "offline";
    ManagerStatus exhausted = nodeA();
    exhausted.escalationExhausted = true;

    EXPECT_EQ(stateLine(nodeA(), {billingGroup(), offline}), "State: running");
    EXPECT_EQ(stateLine(nodeA(), {billingGroup(), starting}), "State: starting");
    EXPECT_EQ(stateLine(nodeA(), {starting, msgbusGroup()}), "State: degraded");
    EXPECT_EQ(stateLine(exhausted, {billingGroup()}), "State: degraded");
    ManagerStatus stale = nodeA();
    stale.configStale = true;
    EXPECT_EQ(stateLine(stale, {billingGroup()}), "State: running a stale configuration");
    EXPECT_EQ(stateLine(stale, {msgbusGroup()}), "State: degraded");
}

TEST_F(StatusView, StaleConfigurationIsAWarningWithItsErrors)
{
    ManagerStatus m = nodeA();
    EXPECT_EQ(renderManagerStatus(m, {}, kFiveMinutesLater, settings).find("Warning:"), std::string::npos);
    m.configStale = true;
    m.configStaleReason = "1 configuration error in /etc/pgmd:\n/etc/pgmd/groups.d/a.group:2: Bogus: unknown key";
    std::string out = renderManagerStatus(m, {}, kFiveMinutesLater, settings);
    EXPECT_NE(out.find("Warning: STALE CONFIGURATION: the files in /etc/pgmd do not load; "
                       "pgmd runs the last configuration that did\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("1 configuration error in /etc/pgmd:\n"), std::string::npos) << out;
    EXPECT_NE(out.find("/etc/pgmd/groups.d/a.group:2: Bogus: unknown key\n"), std::string::npos) << out;
}

} // namespace
} // namespace pgmctl
