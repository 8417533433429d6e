#pragma once
// The commands about the independent computer, the board that power-cycles
// this host: icd (the link's status) and power-cycle.

#include "command_context.hpp"

namespace pgmctl {

// Exits 0 when the link is up, kExitNotRunning otherwise, and
// kExitNotConfigured when pgmd has no independent computer.
CommandOutcome runIcd(CommandContext& context);

// RequestPowerCycle with the reason given, "operator" without one, after a
// yes on a terminal, or with --force. Success means the request is on its
// way to the board, not that it was carried out.
CommandOutcome runPowerCycle(CommandContext& context);

} // namespace pgmctl
