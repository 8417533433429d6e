#pragma once
// Why pgmd stops, as the independent computer must hear it: a host that
// shuts down disarms the board, a host that reboots asks it to expect the
// host back within its boot grace, so that a reboot that hangs is still
// power-cycled. Pure logic; what systemd has queued comes in as a bool.

#include "core/group_state.hpp"

#include <string>

namespace pgmd::boardlink {

enum class StopReason {
    Shutdown, // poweroff, halt, or only pgmd stops: DISARM
    Reboot,   // the host reboots (kexec included): EXPECT_REBOOT
};

const char* toString(StopReason); // "shutdown", "reboot"

struct StopDecision {
    StopReason reason = StopReason::Shutdown;
    std::string why; // for the journal
};

// Follows the escalation ladder while pgmd runs and decides once it stops.
class StopReasonTracker {
public:
    // The ladder's reboot step means the host is going down for a reboot; a
    // reboot systemd refused ends in Exhausted, and then none is under way.
    void onEscalation(EscalationStep step);

    // `rebootJobQueued`: systemd has a start job for reboot.target or
    // kexec.target (false when it could not be asked).
    StopDecision decide(bool rebootJobQueued) const;

private:
    bool ladderRebooting_ = false;
};

} // namespace pgmd::boardlink
