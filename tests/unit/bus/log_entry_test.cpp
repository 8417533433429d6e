// What pgmd's log entries say and carry, before they are sent anywhere.

#include "log/request_entry.hpp"
#include "log/structured_entries.hpp"
#include "log/message_ids.hpp"

#include <gtest/gtest.h>
#include <map>
#include <set>
#include <syslog.h>

namespace pgmd::log {
namespace {

std::map<std::string, std::string> fieldMap(const Entry& e)
{
    std::map<std::string, std::string> m;
    for (const auto& [k, v] : e.fields) {
        EXPECT_FALSE(m.count(k)) << "field " << k << " twice";
        m[k] = v;
    }
    return m;
}

TEST(LogEntry, TransitionCarriesEveryField)
{
    const Entry e = transitionEntry("billing", "application", "init", "active", "all units ready");
    EXPECT_EQ(e.priority, LOG_INFO);
    EXPECT_EQ(e.message, "Group billing changed state from init to active: all units ready");
    EXPECT_EQ(fieldMap(e), (std::map<std::string, std::string>{
                               {"MESSAGE_ID", std::string(ids::kStateChanged)},
                               {"GROUP", "billing"},
                               {"LAYER", "application"},
                               {"STATE", "active"},
                               {"OLD_STATE", "init"},
                               {"REASON", "all units ready"},
                           }));
}

TEST(LogEntry, BecomingUnavailableIsANotice)
{
    EXPECT_EQ(transitionEntry("billing", "application", "active", "unavailable", "x").priority, LOG_NOTICE);
    EXPECT_EQ(transitionEntry("billing", "application", "active", "offline", "x").priority, LOG_INFO);
}

TEST(LogEntry, TransitionWithoutReasonHasNoDanglingColon)
{
    const Entry e = transitionEntry("billing", "application", "offline", "unavailable", "");
    EXPECT_EQ(e.message, "Group billing changed state from offline to unavailable");
    EXPECT_FALSE(fieldMap(e).count("REASON"));
}

struct StepCase {
    const char* step;
    std::string_view id;
    int priority;
};

const std::vector<StepCase> kStepCases{
    {"restart-process", ids::kRestartProcess, LOG_WARNING},
    {"restart-group", ids::kRestartGroup, LOG_WARNING},
    {"out-of-service", ids::kOutOfService, LOG_WARNING},
    {"reinit-host", ids::kReinitHost, LOG_WARNING},
    {"reboot", ids::kReboot, LOG_ERR},
    {"exhausted", ids::kExhausted, LOG_ERR},
    {"reinit-resource", ids::kReinitResource, LOG_WARNING},
};

TEST(LogEntry, EachEscalationStepHasItsOwnIdAndPriority)
{
    for (const StepCase& c : kStepCases) {
        const Entry e = escalationEntry("billing", "application", c.step, "why");
        const auto f = fieldMap(e);
        EXPECT_EQ(f.at("MESSAGE_ID"), c.id) << c.step;
        EXPECT_EQ(f.at("STEP"), c.step);
        EXPECT_EQ(f.at("GROUP"), "billing");
        EXPECT_EQ(f.at("LAYER"), "application");
        EXPECT_EQ(f.at("REASON"), "why");
        EXPECT_EQ(e.priority, c.priority) << c.step;
        EXPECT_EQ(e.message.rfind("Group billing: ", 0), 0u) << e.message;
        EXPECT_EQ(e.message.substr(e.message.size() - 5), ": why") << e.message;
    }
}

TEST(LogEntry, HostWideStepsNameNoGroup)
{
    const Entry e = escalationEntry("", "", "reboot", "platform group db failed");
    EXPECT_EQ(e.message, "Host: rebooting the host: platform group db failed");
    EXPECT_FALSE(fieldMap(e).count("GROUP"));
    EXPECT_FALSE(fieldMap(e).count("LAYER"));
}

TEST(LogEntry, UnknownStepStillGetsAnIdAndItsName)
{
    const Entry e = escalationEntry("billing", "application", "power-cycle", "why");
    EXPECT_EQ(fieldMap(e).at("MESSAGE_ID"), ids::kOtherEscalation);
    EXPECT_NE(e.message.find("power-cycle"), std::string::npos) << e.message;
}

TEST(LogEntry, SwitchoverEndCarriesItsNodesAndOutcome)
{
    const Entry done = switchoverEndedEntry("billing", "n1", "n2", "n1", "completed", "n1 stood down");
    EXPECT_EQ(done.priority, LOG_INFO);
    EXPECT_EQ(done.message, "cluster: switch-over of billing from n1 to n2 (asked on n1) completed: n1 stood down");
    EXPECT_EQ(fieldMap(done), (std::map<std::string, std::string>{{"MESSAGE_ID", std::string(ids::kSwitchoverEnded)},
                                                                   {"GROUP", "billing"},
                                                                   {"FROM_NODE", "n1"},
                                                                   {"TO_NODE", "n2"},
                                                                   {"BY_NODE", "n1"},
                                                                   {"OUTCOME", "completed"},
                                                                   {"REASON", "n1 stood down"}}));

    const Entry refused = switchoverEndedEntry("billing", "", "", "n2", "refused", "no single owner");
    EXPECT_EQ(refused.priority, LOG_WARNING);
    EXPECT_EQ(refused.message, "cluster: switch-over of billing (asked on n2) refused: no single owner");
    EXPECT_EQ(fieldMap(refused).at("FROM_NODE"), "none");
    EXPECT_EQ(fieldMap(refused).at("TO_NODE"), "none");
}

TEST(LogEntry, NeedsFencingAndItsEndShareAnIdAndSayWhichByAField)
{
    const Entry needed = needsFencingEntry("billing", "n1", true, "n1 is lost and needs fencing");
    const Entry over = needsFencingEntry("billing", "n1", false, "n1 no longer needs fencing");
    EXPECT_EQ(over.priority, LOG_INFO);
    EXPECT_EQ(needed.priority, LOG_WARNING);
    EXPECT_EQ(needed.message, "n1 is lost and needs fencing");
    EXPECT_EQ(fieldMap(needed).at("MESSAGE_ID"), ids::kNeedsFencing);
    EXPECT_EQ(fieldMap(over).at("MESSAGE_ID"), ids::kNeedsFencing);
    EXPECT_EQ(fieldMap(needed).at("NODE"), "n1");
    EXPECT_EQ(fieldMap(needed).at("GROUP"), "billing");
    EXPECT_EQ(fieldMap(needed).at("NEEDS_FENCING"), "yes");
    EXPECT_EQ(fieldMap(over).at("NEEDS_FENCING"), "no");
}

TEST(LogEntry, IdsAreDistinct128BitHex)
{
    std::set<std::string_view> seen;
    for (std::string_view id : {ids::kStateChanged, ids::kRestartProcess, ids::kRestartGroup, ids::kOutOfService,
                                ids::kReinitHost, ids::kReboot, ids::kExhausted, ids::kReinitResource,
                                ids::kOtherEscalation, ids::kRequestAccepted, ids::kRequestRefused, ids::kFailover,
                                ids::kPairFrozen, ids::kSwitchoverEnded, ids::kNeedsFencing}) {
        EXPECT_EQ(id.size(), 32u) << id;
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string_view::npos) << id;
        EXPECT_TRUE(seen.insert(id).second) << id << " used twice";
    }
}

TEST(LogEntry, StderrMarksOnlyWhatIsWorseThanUsual)
{
    EXPECT_EQ(pgm::log::stderrLine(pgm::log::plainEntry(LOG_INFO, "started")), "started");
    EXPECT_EQ(pgm::log::stderrLine(pgm::log::plainEntry(LOG_NOTICE, "group down")), "group down");
    EXPECT_EQ(pgm::log::stderrLine(pgm::log::plainEntry(LOG_WARNING, "slow")), "warning: slow");
    EXPECT_EQ(pgm::log::stderrLine(pgm::log::plainEntry(LOG_ERR, "broken")), "error: broken");
}

// The audit trail's entry: for a request accepted or refused, and with
// whatever the bus could not tell about the caller left out.

RequestRecord offlineBilling()
{
    RequestRecord r;
    r.priority = LOG_NOTICE;
    r.origin = "operator";
    r.request = "Offline";
    r.verb = "offline";
    r.group = "billing";
    r.accepted = true;
    r.caller = {0u, 1234, "sshd.service", "pgmctl"};
    return r;
}

TEST(RequestEntry, AcceptedCarriesTheRequestAndTheCaller)
{
    const Entry e = requestEntry(offlineBilling());
    EXPECT_EQ(e.priority, LOG_NOTICE);
    EXPECT_EQ(e.message, "operator request offline billing from uid 0 (pid 1234, pgmctl, sshd.service): accepted");
    EXPECT_EQ(fieldMap(e), (std::map<std::string, std::string>{
                               {"MESSAGE_ID", std::string(ids::kRequestAccepted)},
                               {"REQUEST", "Offline"},
                               {"GROUP", "billing"},
                               {"OUTCOME", "accepted"},
                               {"CALLER_UID", "0"},
                               {"CALLER_PID", "1234"},
                               {"CALLER_UNIT", "sshd.service"},
                               {"CALLER_COMM", "pgmctl"},
                           }));
}

TEST(RequestEntry, RefusedCarriesTheErrorAndItsMessage)
{
    RequestRecord r = offlineBilling();
    r.priority = LOG_WARNING;
    r.accepted = false;
    r.error = "org.pgmd1.Error.InvalidState";
    r.errorMessage = "group billing is held";
    const Entry e = requestEntry(r);
    EXPECT_EQ(e.priority, LOG_WARNING);
    EXPECT_EQ(e.message, "operator request offline billing from uid 0 (pid 1234, pgmctl, sshd.service): refused: "
                         "group billing is held");
    const auto f = fieldMap(e);
    EXPECT_EQ(f.at("MESSAGE_ID"), ids::kRequestRefused);
    EXPECT_EQ(f.at("OUTCOME"), "refused");
    EXPECT_EQ(f.at("ERROR"), "org.pgmd1.Error.InvalidState");
    EXPECT_EQ(f.at("ERROR_MESSAGE"), "group billing is held");
}

TEST(RequestEntry, WhatTheBusDidNotTellIsLeftOut)
{
    RequestRecord r = offlineBilling();
    r.caller = {};
    r.caller.uid = 65534;
    Entry e = requestEntry(r);
    EXPECT_EQ(e.message, "operator request offline billing from uid 65534: accepted");
    auto f = fieldMap(e);
    EXPECT_EQ(f.at("CALLER_UID"), "65534");
    for (const char* absent : {"CALLER_PID", "CALLER_UNIT", "CALLER_COMM", "ERROR", "ERROR_MESSAGE"})
        EXPECT_FALSE(f.count(absent)) << absent;

    r.caller = {};
    r.caller.pid = 77;
    e = requestEntry(r);
    EXPECT_EQ(e.message, "operator request offline billing from a caller the bus did not identify (pid 77): accepted");
    f = fieldMap(e);
    EXPECT_FALSE(f.count("CALLER_UID"));
    EXPECT_EQ(f.at("CALLER_PID"), "77");
}

TEST(RequestEntry, ManagerWideRequestsHaveNoGroup)
{
    RequestRecord r = offlineBilling();
    r.request = "Reload";
    r.verb = "reload";
    r.group = "";
    const Entry e = requestEntry(r);
    EXPECT_EQ(e.message, "operator request reload from uid 0 (pid 1234, pgmctl, sshd.service): accepted");
    EXPECT_FALSE(fieldMap(e).count("GROUP"));
}

TEST(RequestEntry, ArgumentsBecomeFieldsAndTextButEmptyOnesNeither)
{
    RequestRecord r = offlineBilling();
    r.origin = "application";
    r.request = "ReportFault";
    r.verb = "report-fault";
    r.arguments = {{"recovery", "restart-group"}, {"unit", ""}, {"reason", "queue stuck"}};
    const Entry e = requestEntry(r);
    EXPECT_EQ(e.message, "application request report-fault billing (recovery restart-group, reason queue stuck) "
                         "from uid 0 (pid 1234, pgmctl, sshd.service): accepted");
    const auto f = fieldMap(e);
    EXPECT_EQ(f.at("RECOVERY"), "restart-group");
    EXPECT_EQ(f.at("REASON"), "queue stuck");
    EXPECT_FALSE(f.count("UNIT"));
}

TEST(RequestEntry, TheCallersTextStaysOneLineInTheMessage)
{
    RequestRecord r = offlineBilling();
    r.arguments = {{"reason", "two\nlines\x1b[31m"}};
    r.caller.comm = "evil\ncomm";
    const Entry e = requestEntry(r);
    EXPECT_EQ(e.message.find('\n'), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find('\x1b'), std::string::npos) << e.message;
    // The field keeps it as given: journalctl shows fields verbatim on request.
    EXPECT_EQ(fieldMap(e).at("REASON"), "two\nlines\x1b[31m");
}

} // namespace
} // namespace pgmd::log
