#pragma once
// What pgmctl says when a wait for a command's result ends without success:
// the failure, the timeout (where the group is and what it waits for), an
// interruption.

#include "group_status.hpp"

#include <chrono>
#include <string>

namespace pgmctl {

// "billing: failed: billing-api.service exited with status 1"
std::string waitFailedLine(const std::string& group, const std::string& reason);

// "billing: still unavailable after 30s; waits for resource spool (...)", or,
// when it waits for nothing pgmd names (or an older pgmd without WaitingFor),
// "billing: still init after 30s; not yet active or standby".
std::string waitTimedOutLine(const GroupStatus& now, std::chrono::microseconds waited, const std::string& goal);

// "billing: stopped waiting (still init); the request stands"
std::string waitInterruptedLine(const GroupStatus& now);

} // namespace pgmctl
