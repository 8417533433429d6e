#pragma once
// How an engine's action reads in a scenario's trace and in pgmd's debug log.
// GroupUpdated, ResourceUpdated and ManagerUpdated are left out: they only say
// "a property changed" without saying which or to what, and every step that
// causes them already shows.

#include "actions.hpp"

#include <optional>
#include <string>

namespace pgmd {

std::optional<std::string> describe(const Action& action);

} // namespace pgmd
