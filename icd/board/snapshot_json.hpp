#pragma once
// The on-disk form of BoardSnapshot: a versioned JSON document. Times are
// integer microseconds since the epoch so that they read back exactly.

#include "board_snapshot.hpp"

#include <optional>
#include <string>

namespace icd::board {

// Bumped only when an older reader would misread the file; a new member does
// not need a bump because readers give absent members their defaults, and
// older readers skip members they do not know. Version 1 grew
// "reboot_announced", the "expect-reboot" last action and the
// "reboots_announced" counter: a reader from before them treats an announced
// reboot's grace as a power-on grace, and refuses (naming the place) a file
// whose last action is "expect-reboot" rather than guess what it means.
inline constexpr int kBoardStateFormatVersion = 1;

std::string toJson(const BoardSnapshot&);

// nullopt on malformed text, a wrong member type, an unknown state name or
// an unknown version; *error (if given) then says what and where.
std::optional<BoardSnapshot> boardSnapshotFromJson(const std::string& text, std::string* error);

} // namespace icd::board
