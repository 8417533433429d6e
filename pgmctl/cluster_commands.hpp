#pragma once
// The commands about the cluster the groups are paired across: cluster (this
// node's view of it) and switchover.

#include "command_context.hpp"

namespace pgmctl {

// Exits 0 while this node is connected and quorate, kExitNotRunning
// otherwise, and kExitNotConfigured when pgmd is not in a cluster.
CommandOutcome runCluster(CommandContext& context);

// Cluster.Switchover of GROUP to NODE (the best ready standby without one),
// then, unless --no-block, waits until the other half is active
// (switchoverGoal) as online waits for its group.
CommandOutcome runSwitchover(CommandContext& context);

} // namespace pgmctl
