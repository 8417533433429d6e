#pragma once
// The commands that read: list, status, key, check-config.

#include "command_context.hpp"

namespace pgmctl {

CommandOutcome runList(CommandContext& context);
CommandOutcome runStatus(CommandContext& context);
CommandOutcome runKey(CommandContext& context);
CommandOutcome runCheckConfig(CommandContext& context);

} // namespace pgmctl
