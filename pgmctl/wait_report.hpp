#pragma once
// What pgmctl says when a wait for a command's result ends without success:
// the failure, the timeout (where the group is and what it waits for), an
// interruption.

#include "group_status.hpp"
#include "status_decoding.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace pgmctl {

// One entry of the group's WaitingFor property (a(sss)): what keeps it from
// its goal. An older pgmd has no such property: the list is then empty.
struct WaitingForItem {
    std::string kind;    // "resource", "group", ...
    std::string name;
    std::string detail;  // "" when there is nothing to add
};

std::vector<WaitingForItem> decodeWaitingFor(const PropertyMap& properties);

// "resource spool (failing: disk full), group msgbus". The one place that
// words WaitingFor here, so that a shared formatter can take its place.
std::string describeWaitingFor(const std::vector<WaitingForItem>& items);

// "billing: failed: billing-api.service exited with status 1"
std::string waitFailedLine(const std::string& group, const std::string& reason);

// "billing: still unavailable after 30s; waits for resource spool (...)", or
// without WaitingFor "billing: still init after 30s; not yet active or standby".
std::string waitTimedOutLine(const GroupStatus& now, const std::vector<WaitingForItem>& waitingFor,
                             std::chrono::microseconds waited, const std::string& goal);

// "billing: stopped waiting (still init); the request stands"
std::string waitInterruptedLine(const GroupStatus& now);

} // namespace pgmctl
