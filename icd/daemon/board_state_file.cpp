#include "board_state_file.hpp"

#include "board/snapshot_json.hpp"
#include "persist/atomic_file.hpp"

#include <system_error>

namespace icd::daemon {

std::string boardStateFile(const std::string& stateDirectory)
{
    return stateDirectory + "/board.json";
}

std::optional<icd::board::BoardSnapshot> loadBoardState(const std::string& stateDirectory)
{
    const std::string path = boardStateFile(stateDirectory);
    std::string text;
    try {
        if (!pgmd::readFileIfExists(path, text))
            return std::nullopt;
    } catch (const std::system_error& e) {
        throw BadStateFile(e.what());
    }
    std::string error;
    auto snapshot = icd::board::boardSnapshotFromJson(text, &error);
    if (!snapshot)
        throw BadStateFile(path + ": " + error + " (move it aside to start with every host disarmed)");
    return snapshot;
}

void saveBoardState(const std::string& stateDirectory, const icd::board::BoardSnapshot& snapshot)
{
    pgmd::makeDirectories(stateDirectory, 0700);
    pgmd::replaceFileAtomically(boardStateFile(stateDirectory), icd::board::toJson(snapshot));
}

} // namespace icd::daemon
