#pragma once
// How an engine's action reads in a trace. GroupUpdated, ResourceUpdated and ManagerUpdated
// are left out: they only say "a property changed" without saying which or to
// what, and every step that causes them already shows in the trace.

#include "core/actions.hpp"

#include <optional>
#include <string>

namespace pgmd::scenario {

std::optional<std::string> describe(const Action& action);

} // namespace pgmd::scenario
