#pragma once
// Where PersistedState lives on disk: <stateDir>/state.json, replaced
// atomically on every save.

#include "core/persisted_state.hpp"

#include <cstddef>
#include <string>

namespace pgmd {

struct LoadedState {
    PersistedState state;
    // Empty unless the file was unusable as state (see loadState); then it
    // names the file, the problem and where the file was moved, for the
    // caller to log.
    std::string warning;
};

std::string stateFilePath(const std::string& stateDir);

// The most state.json may hold: about 2 KiB a group even with a fault text
// at its cap (see ReportFault), so room for thousands of groups, while a link
// to /dev/zero or a runaway file cannot take the host's memory.
inline constexpr std::size_t kMaxStateFileSize = 8 * 1024 * 1024;

// A missing file gives an empty state and no warning (first start). Any other
// file that cannot be used as state gives an empty state and a warning, and
// is renamed to state.json.corrupt-<usec> so that an operator can still
// inspect it and the next save has the place to itself: corrupt or of an
// unknown version, unreadable, larger than kMaxStateFileSize, or not a
// regular file (a directory, a FIFO, a link to a device). Refusing to start
// instead would leave every group unsupervised, with the members running.
// Never throws for the file itself.
LoadedState loadState(const std::string& stateDir);

// Creates stateDir (0755) if needed, then replaces state.json atomically
// (see replaceFileAtomically). Throws std::system_error naming the path.
void saveState(const std::string& stateDir, const PersistedState&);

} // namespace pgmd
