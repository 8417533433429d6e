// What the audit trail makes of each request the bus reports: its wording,
// how loud it is, and how much of a caller's text it keeps.

#include "app/request_audit_log.hpp"

#include "bus/bus_names.hpp"

#include <gtest/gtest.h>
#include <syslog.h>

namespace pgmd {
namespace {

const CallerInfo kRoot{0u, 1234, std::string("sshd.service"), std::string("pgmctl")};
const RequestOutcome kAccepted{};
const RequestOutcome kStale{"org.pgmd1.Error.StaleIncarnation", "incarnation 3 is not the current one (4)"};
const RequestOutcome kDenied{busnames::kErrorAccessDenied, "Only root or members of group 'pgmd-admin' may call X"};

TEST(RequestAuditLog, OperatorsRequestsAreNoticesAndTheirRefusalsWarnings)
{
    log::RequestRecord r = auditRecord({"Offline", "billing"}, kRoot, kAccepted);
    EXPECT_EQ(r.priority, LOG_NOTICE);
    EXPECT_EQ(r.verb, "offline");
    EXPECT_EQ(r.origin, "operator");
    EXPECT_EQ(r.request, "Offline");
    EXPECT_EQ(r.group, "billing");
    EXPECT_TRUE(r.accepted);

    r = auditRecord({"Offline", "billing"}, kRoot, {"org.pgmd1.Error.InvalidState", "held"});
    EXPECT_EQ(r.priority, LOG_WARNING);
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.error, "org.pgmd1.Error.InvalidState");
    EXPECT_EQ(r.errorMessage, "held");
}

TEST(RequestAuditLog, VerbsAreAsPgmctlSpellsThem)
{
    EXPECT_EQ(auditRecord({"RestartMember", "billing"}, kRoot, kAccepted).verb, "restart-member");
    EXPECT_EQ(auditRecord({"ResetFailed"}, kRoot, kAccepted).verb, "reset-failed");
    EXPECT_EQ(auditRecord({"RequestPowerCycle"}, kRoot, kAccepted).verb, "power-cycle");
    // A request the table does not know yet is recorded under its bus name.
    const log::RequestRecord unknown = auditRecord({"Frobnicate", "billing"}, kRoot, kAccepted);
    EXPECT_EQ((std::pair{unknown.verb, unknown.origin}), (std::pair<std::string, std::string>{"Frobnicate", "operator"}));
    EXPECT_EQ(unknown.priority, LOG_NOTICE);
}

TEST(RequestAuditLog, AcknowledgementsAreRoutineUnlessAStrangerSendsThem)
{
    const BusRequest ack{"Acknowledge", "ledger", {{"state", "active"}, {"incarnation", "4"}}};
    EXPECT_EQ(auditRecord(ack, kRoot, kAccepted).priority, LOG_INFO);
    EXPECT_EQ(auditRecord(ack, kRoot, kAccepted).origin, "application");
    EXPECT_EQ(auditRecord(ack, kRoot, kStale).priority, LOG_NOTICE);
    EXPECT_EQ(auditRecord(ack, kRoot, kDenied).priority, LOG_WARNING);
}

TEST(RequestAuditLog, AReportedFaultIsAWarning)
{
    const BusRequest fault{"ReportFault", "ledger", {{"recovery", "restart-group"}, {"unit", ""}, {"reason", "x"}}};
    const log::RequestRecord r = auditRecord(fault, kRoot, kAccepted);
    EXPECT_EQ(r.priority, LOG_WARNING);
    EXPECT_EQ(r.arguments, fault.arguments);
}

TEST(RequestAuditLog, TheCallerIsPassedOnAsTheBusToldIt)
{
    log::RequestRecord r = auditRecord({"Reload"}, kRoot, kAccepted);
    EXPECT_EQ(r.caller.uid, 0u);
    EXPECT_EQ(r.caller.pid, 1234);
    EXPECT_EQ(r.caller.unit, "sshd.service");
    EXPECT_EQ(r.caller.comm, "pgmctl");

    r = auditRecord({"Reload"}, CallerInfo{}, kDenied);
    EXPECT_FALSE(r.caller.uid.has_value());
    EXPECT_FALSE(r.caller.pid.has_value());
    EXPECT_EQ(r.caller.unit, "");
    EXPECT_EQ(r.caller.comm, "");
}

TEST(RequestAuditLog, ACallersLongTextIsCapped)
{
    const std::string huge(100'000, 'u');
    const log::RequestRecord r =
        auditRecord({"RestartMember", "billing", {{"unit", huge}}}, kRoot,
                    {"org.pgmd1.Error.InvalidArgument", "No unit '" + huge + "' in group billing"});
    EXPECT_LT(r.arguments.at(0).second.size(), kMaxAuditedTextBytes + 64);
    EXPECT_NE(r.arguments.at(0).second.find("truncated from 100000 bytes"), std::string::npos);
    EXPECT_LT(r.errorMessage.size(), kMaxAuditedTextBytes + 64);
}

} // namespace
} // namespace pgmd
