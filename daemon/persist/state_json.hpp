#pragma once
// The on-disk form of PersistedState: a versioned JSON document.
// Times are stored as integer microseconds since the epoch so that a file
// written before a reboot reads back exactly.

#include "core/persisted_state.hpp"

#include <optional>
#include <string>

namespace pgmd {

// Bumped only when an older reader would misread the file; adding a member
// does not need a bump because readers give absent members their defaults.
inline constexpr int kStateFormatVersion = 1;

std::string toJson(const PersistedState&);

// Returns nullopt on malformed text, a wrong member type or an unknown
// version; *error (if given) then says what and where.
std::optional<PersistedState> fromJson(const std::string& text, std::string* error);

} // namespace pgmd
