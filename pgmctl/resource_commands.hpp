#pragma once
// `pgmctl list-resources`.

#include "command_context.hpp"

namespace pgmctl {

CommandOutcome runListResources(CommandContext& context);

} // namespace pgmctl
