#pragma once
// Where PersistedState lives on disk: <stateDir>/state.json, replaced
// atomically on every save.

#include "core/persisted_state.hpp"

#include <string>

namespace pgmd {

struct LoadedState {
    PersistedState state;
    // Empty unless the file was unreadable as state (corrupt or of an unknown
    // version); then it names the file, the problem and where the file was
    // moved, for the caller to log.
    std::string warning;
};

std::string stateFilePath(const std::string& stateDir);

// A missing file gives an empty state and no warning (first start). A corrupt
// or unknown-version file gives an empty state and a warning, and is renamed
// to state.json.corrupt-<usec> so an operator can still inspect it. Failing
// to read an existing file at all (I/O error) throws std::system_error: going
// on with empty counters could let escalation loop (e.g. endless reboots).
LoadedState loadState(const std::string& stateDir);

// Creates stateDir (0755) if needed, then replaces state.json atomically
// (see replaceFileAtomically). Throws std::system_error naming the path.
void saveState(const std::string& stateDir, const PersistedState&);

} // namespace pgmd
