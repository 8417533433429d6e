#pragma once
// Checks of the arguments of Group.Acknowledge and Group.ReportFault, before
// anything reaches the daemon. Each throws org.pgmd1.Error.InvalidArgument
// with a message naming the value given and the values allowed.

#include "state_source.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace pgmd {

// "active" or "standby".
void checkAcknowledgedState(const std::string& state);

// The unit to hand to StateSource::reportFault: `unit` as given, which must
// be a member of `group` when not empty; for restart-process with "", the
// caller's own unit (`callerUnit`), which an operator calling from outside
// the group does not have.
std::string faultTarget(const GroupInfo& group, const std::string& recovery, const std::string& unit,
                        const std::optional<std::string>& callerUnit);

// The most of a fault reason that is kept: it is shown in LastFault, written
// to the journal and saved in the state file, so a caller must not be able
// to fill them with one call.
inline constexpr std::size_t kMaxFaultReasonBytes = 1024;

// `reason` as given when it fits kMaxFaultReasonBytes; otherwise its first
// kMaxFaultReasonBytes bytes, cut at a character boundary, followed by
// "… (truncated from N bytes)".
std::string faultReason(const std::string& reason);

} // namespace pgmd
