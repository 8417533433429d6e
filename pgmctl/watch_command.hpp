#pragma once
// `pgmctl watch`: pgmd's signals as they arrive, until SIGINT or SIGTERM
// (exit 0) or until pgmd leaves the bus (exit 1).

#include "command_context.hpp"

namespace pgmctl {

CommandOutcome runWatch(CommandContext& context);

} // namespace pgmctl
