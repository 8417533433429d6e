#pragma once
// Where the board's snapshot lives and how it is read and written. Written
// atomically (a crash leaves the old or the new file, never a mix), because
// it is what keeps a latched host off across pgm-icd restarts.

#include "board/board_snapshot.hpp"

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace icd::daemon {

std::string boardStateFile(const std::string& stateDirectory);

// The most board.json may hold: a few hundred bytes a host, so this is far
// beyond any real board while a link to /dev/zero cannot take its memory.
inline constexpr std::size_t kMaxBoardStateFileSize = 8 * 1024 * 1024;

// An unreadable or malformed state file (or one that is not a regular file,
// or larger than kMaxBoardStateFileSize): starting without it could power on
// a host that an operator latched off, so the daemon refuses to start.
class BadStateFile : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Nothing when there is no file yet (first start). Throws BadStateFile.
std::optional<icd::board::BoardSnapshot> loadBoardState(const std::string& stateDirectory);
// Throws std::system_error naming the step and path.
void saveBoardState(const std::string& stateDirectory, const icd::board::BoardSnapshot& snapshot);

} // namespace icd::daemon
