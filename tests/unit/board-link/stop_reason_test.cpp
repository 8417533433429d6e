// What pgmd tells the independent computer when it stops: the decision from
// the escalation ladder and systemd's job queue, both pure.

#include "board_link/stop_reason.hpp"
#include "systemd/queued_jobs.hpp"

#include <gtest/gtest.h>

namespace pgmd::boardlink {
namespace {

// ListJobs while the host goes down (abridged from systemd 252).
const std::vector<QueuedJob> kSystemctlReboot = {
    {"reboot.target", "start"}, {"systemd-reboot.service", "start"}, {"pgmd.service", "stop"},
    {"shutdown.target", "start"}, {"final.target", "start"}};
const std::vector<QueuedJob> kSystemctlKexec = {{"kexec.target", "start"}, {"systemd-kexec.service", "start"}};
const std::vector<QueuedJob> kSystemctlPoweroff = {
    {"poweroff.target", "start"}, {"systemd-poweroff.service", "start"}, {"pgmd.service", "stop"},
    {"shutdown.target", "start"}};
const std::vector<QueuedJob> kSystemctlHalt = {{"halt.target", "start"}, {"pgmd.service", "stop"}};
const std::vector<QueuedJob> kSystemctlStopPgmd = {{"pgmd.service", "stop"}};

TEST(QueuedJobs, ARebootOrKexecTargetStartingIsAReboot)
{
    EXPECT_TRUE(rebootQueued(kSystemctlReboot));
    EXPECT_TRUE(rebootQueued(kSystemctlKexec));
}

TEST(QueuedJobs, PoweroffHaltAndAPlainStopAreNot)
{
    EXPECT_FALSE(rebootQueued(kSystemctlPoweroff));
    EXPECT_FALSE(rebootQueued(kSystemctlHalt));
    EXPECT_FALSE(rebootQueued(kSystemctlStopPgmd));
    EXPECT_FALSE(rebootQueued({}));
}

TEST(QueuedJobs, OnlyAStartJobCounts)
{
    // Stopping reboot.target (it was started and is being cancelled) reboots nothing.
    EXPECT_FALSE(rebootQueued({{"reboot.target", "stop"}}));
    EXPECT_FALSE(rebootQueued({{"reboot.target.wants", "start"}, {"my-reboot.target", "start"}}));
}

struct Case {
    const char* name;
    std::vector<EscalationStep> ladder;
    const std::vector<QueuedJob>* jobs;
    StopReason expected;
};

void PrintTo(const Case& c, std::ostream* os)
{
    *os << c.name;
}

class StopDecisionTable : public testing::TestWithParam<Case> {};

TEST_P(StopDecisionTable, TellsTheBoardWhatHappens)
{
    const Case& c = GetParam();
    StopReasonTracker tracker;
    for (EscalationStep step : c.ladder)
        tracker.onEscalation(step);
    const StopDecision decision = tracker.decide(rebootQueued(*c.jobs));
    EXPECT_EQ(decision.reason, c.expected) << toString(decision.reason) << ": " << decision.why;
    EXPECT_FALSE(decision.why.empty());
}

const std::vector<QueuedJob> kNothingQueued;

INSTANTIATE_TEST_SUITE_P(
    Wiring, StopDecisionTable,
    testing::Values(
        Case{"plain_stop", {}, &kSystemctlStopPgmd, StopReason::Shutdown},
        Case{"poweroff", {}, &kSystemctlPoweroff, StopReason::Shutdown},
        Case{"halt", {}, &kSystemctlHalt, StopReason::Shutdown},
        Case{"operator_reboot", {}, &kSystemctlReboot, StopReason::Reboot},
        Case{"operator_kexec", {}, &kSystemctlKexec, StopReason::Reboot},
        Case{"ladder_reboot", {EscalationStep::RestartGroup, EscalationStep::Reboot}, &kSystemctlReboot,
             StopReason::Reboot},
        // systemd could not be asked (it answers nothing): the ladder's word counts.
        Case{"ladder_reboot_systemd_silent", {EscalationStep::Reboot}, &kNothingQueued, StopReason::Reboot},
        // systemd refused the reboot: the ladder ends in Exhausted, and a later stop is a shutdown.
        Case{"ladder_reboot_refused", {EscalationStep::Reboot, EscalationStep::Exhausted}, &kSystemctlStopPgmd,
             StopReason::Shutdown},
        Case{"ladder_lower_steps_only",
             {EscalationStep::RestartProcess, EscalationStep::OutOfService, EscalationStep::ReinitHost},
             &kSystemctlPoweroff, StopReason::Shutdown}),
    [](const testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

TEST(StopReason, Names)
{
    EXPECT_STREQ(toString(StopReason::Shutdown), "shutdown");
    EXPECT_STREQ(toString(StopReason::Reboot), "reboot");
}

} // namespace
} // namespace pgmd::boardlink
