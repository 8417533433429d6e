#pragma once
// The commands that change something: offline, online, restart,
// reset-failed, activate, deactivate, reload.

#include "command_context.hpp"

namespace pgmctl {

// offline, online, restart, activate, deactivate and reset-failed: the
// Group method of the same name for each group given (reset-failed without
// a group: Manager.ResetFailed).
CommandOutcome runGroupAction(CommandContext& context);
// restart: groups, or members of one group.
CommandOutcome runRestart(CommandContext& context);

CommandOutcome runReload(CommandContext& context);

} // namespace pgmctl
