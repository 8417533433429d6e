#include "board_state_file.hpp"

#include "board/snapshot_json.hpp"
#include "common/files/regular_file.hpp"
#include "common/files/atomic_file.hpp"
#include "common/text/escape.hpp"

namespace icd::daemon {

std::string boardStateFile(const std::string& stateDirectory)
{
    return stateDirectory + "/board.json";
}

std::optional<icd::board::BoardSnapshot> loadBoardState(const std::string& stateDirectory)
{
    const std::string path = boardStateFile(stateDirectory);
    pgm::files::FileText file = pgm::files::readRegularFile(path, kMaxBoardStateFileSize);
    if (file.problem == pgm::files::Problem::Missing)
        return std::nullopt;
    std::string error = file.why;
    std::optional<icd::board::BoardSnapshot> snapshot;
    if (file.ok())
        snapshot = icd::board::boardSnapshotFromJson(file.text, &error);
    // The error may quote the file's bytes: escaped for the terminal and the journal.
    if (!snapshot)
        throw BadStateFile(pgm::text::escapeForDisplay(
            path + ": " + error + " (move it aside to start with every host disarmed)"));
    return snapshot;
}

void saveBoardState(const std::string& stateDirectory, const icd::board::BoardSnapshot& snapshot)
{
    pgm::makeDirectories(stateDirectory, 0700);
    pgm::replaceFileAtomically(boardStateFile(stateDirectory), icd::board::toJson(snapshot));
}

} // namespace icd::daemon
