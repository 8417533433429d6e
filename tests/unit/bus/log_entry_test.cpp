// What pgmd's log entries say and carry, before they are sent anywhere.

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

TEST(LogEntry, IdsAreDistinct128BitHex)
{
    std::set<std::string_view> seen;
    for (std::string_view id : {ids::kStateChanged, ids::kRestartProcess, ids::kRestartGroup, ids::kOutOfService,
                                ids::kReinitHost, ids::kReboot, ids::kExhausted, ids::kReinitResource,
                                ids::kOtherEscalation}) {
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

} // namespace
} // namespace pgmd::log
