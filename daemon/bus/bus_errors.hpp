#pragma once
// Turning refusals into D-Bus errors: thrown sdbus::Error becomes the reply.

#include "state_source.hpp"

#include <string>

namespace pgmd {

// The org.pgmd1.Error.* name for a failure; nullptr for OpError::None.
const char* errorNameOf(OpError error);

// Throws the error errorNameOf() names when `result` reports a failure.
void throwIfFailed(const OpResult& result);

[[noreturn]] void throwNoSuchGroup(const std::string& name);
[[noreturn]] void throwNoSuchResource(const std::string& name);
[[noreturn]] void throwInvalidArgument(const std::string& message);
[[noreturn]] void throwLimitsExceeded(const std::string& message);
[[noreturn]] void throwAccessDenied(const std::string& message);

} // namespace pgmd
