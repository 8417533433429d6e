#pragma once
// The on-disk form of BoardSnapshot: a versioned JSON document. Times are
// integer microseconds since the epoch so that they read back exactly.

#include "board_snapshot.hpp"

#include <optional>
#include <string>

namespace icd::board {

// Bumped only when an older reader would misread the file; a new member does
// not need a bump because readers give absent members their defaults.
inline constexpr int kBoardStateFormatVersion = 1;

std::string toJson(const BoardSnapshot&);

// nullopt on malformed text, a wrong member type, an unknown state name or
// an unknown version; *error (if given) then says what and where.
std::optional<BoardSnapshot> boardSnapshotFromJson(const std::string& text, std::string* error);

} // namespace icd::board
