#pragma once
// The process-group state machine (states and the transitions allowed between
// them) and the names of the escalation ladder's steps.

#include <optional>
#include <string>

namespace pgmd {

enum class GroupState { Unavailable, Init, Standby, Active, Offline };

// Who may cause a transition: offline is entered and left only by an operator.
enum class Actor { Manager, Operator };

// True when the state diagram allows `actor` to move a group from `from` to `to`.
bool transitionAllowed(GroupState from, GroupState to, Actor actor);

bool isRunning(GroupState s);  // active or standby

enum class EscalationStep {
    RestartProcess,  // 1
    RestartGroup,    // 2
    OutOfService,    // 3 (the group and its dependents)
    ReinitHost,      // 4 (all platform and application groups)
    Reboot,          // 5
    Exhausted,       // the reboot budget is spent: nothing more is tried
    ReinitResource,  // a resource fault's first response
};

const char* toString(GroupState);
const char* toString(EscalationStep);
std::optional<GroupState> groupStateFromString(const std::string&);

} // namespace pgmd
