#include "stop_reason.hpp"

namespace pgmd::boardlink {

const char* toString(StopReason reason)
{
    return reason == StopReason::Reboot ? "reboot" : "shutdown";
}

void StopReasonTracker::onEscalation(EscalationStep step)
{
    if (step == EscalationStep::Reboot)
        ladderRebooting_ = true;
    else if (step == EscalationStep::Exhausted)
        ladderRebooting_ = false;
}

StopDecision StopReasonTracker::decide(bool rebootJobQueued) const
{
    if (ladderRebooting_)
        return {StopReason::Reboot, "the escalation ladder is rebooting the host"};
    if (rebootJobQueued)
        return {StopReason::Reboot, "systemd is rebooting the host"};
    return {StopReason::Shutdown, "no reboot is under way"};
}

} // namespace pgmd::boardlink
