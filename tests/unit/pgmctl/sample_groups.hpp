#pragma once
// Groups, a manager and an independent computer link as pgmd might publish
// them.

#include "group_status.hpp"
#include "icd_status.hpp"
#include "utc_time_zone.hpp"

namespace pgmctl {

inline GroupStatus billingGroup()
{
    GroupStatus g;
    g.name = "billing";
    g.description = "Billing API and database";
    g.layer = "application";
    g.state = "active";
    g.role = "primary";
    g.standby = "cold";
    g.handshake = "bus";
    g.incarnation = 7;
    g.slice = "pgm-application-billing.slice";
    g.units = {"billing-api.service", "billing-db.service"};
    g.dependsOn = {"msgbus"};
    g.resources = {"spool"};
    g.processRestarts = 1;
    g.processRestartBurst = 3;
    g.processRestartIntervalUsec = 300'000'000;
    g.groupRestarts = 0;
    g.groupRestartBurst = 2;
    g.groupRestartIntervalUsec = 900'000'000;
    g.activationTimeoutUsec = 30'000'000;
    g.lastFault = "billing-api.service exited with status 1";
    g.stateChangeTimestampUsec = kSaturdayNoon;
    g.lastFaultTimestampUsec = kSaturdayNoon - 60'000'000;
    g.members = {{"billing-api.service", "active", "running", 1234}, {"billing-db.service", "active", "exited", 0}};
    g.recentSteps = {{kSaturdayNoon - 60'000'000 + 5'000, "restart-process", "billing-api.service exited with status 1"}};
    return g;
}

inline GroupStatus msgbusGroup()
{
    GroupStatus g;
    g.name = "msgbus";
    g.layer = "platform";
    g.state = "unavailable";
    g.role = "none";
    g.held = true;
    g.holdReason = "group restart budget spent";
    g.incarnation = 3;
    g.processRestarts = 3;
    g.processRestartBurst = 3;
    g.groupRestarts = 2;
    g.groupRestartBurst = 2;
    return g;
}

inline ManagerStatus nodeA()
{
    ManagerStatus m;
    m.nodeName = "node-a";
    m.version = "0.3.0";
    m.configDirectory = "/etc/pgmd";
    m.configLoadedTimestampUsec = kSaturdayNoon;
    m.rebootCount = 1;
    m.rebootBurst = 2;
    m.rebootIntervalUsec = 3'600'000'000;
    m.totalReboots = 4;
    m.hostReinitCount = 0;
    m.hostReinitBurst = 3;
    return m;
}

// A serial link with a session up, that has dropped a few noisy frames.
inline IcdStatus serialIcd()
{
    IcdStatus icd;
    icd.link = "serial /dev/ttyS1";
    icd.linkState = "up";
    icd.lastReply = "ACK heartbeat (seq 41)";
    icd.lastReplyTimestampUsec = kSaturdayNoon - 3'250'000;
    icd.heartbeatsSent = 120;
    icd.counters = {{"accepted", 118}, {"cobs", 0}, {"crc", 2}, {"noise", 0}, {"replay", 1}};
    icd.boardState = "armed";
    icd.canFence = true;
    return icd;
}

} // namespace pgmctl
