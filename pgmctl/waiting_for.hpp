#pragma once
// What a group waits for (its WaitingFor property) in words, for status and
// for the commands that ask a group to start.

#include "group_status.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgmctl {

// "group billing (unavailable), resource spool (failing: /var/spool/x missing)"
std::string describeWaits(const std::vector<WaitStatus>& waits);

// After a request pgmd accepted but the group cannot carry out yet:
// "billing: online requested; waits for resource spool (failing: ...)".
// Nothing when the group waits for nothing.
std::optional<std::string> describeWaitingFor(const std::string& group, std::string_view request,
                                              const std::vector<WaitStatus>& waits);

} // namespace pgmctl
