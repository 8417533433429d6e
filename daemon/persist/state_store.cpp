#include "state_store.hpp"

#include "common/files/atomic_file.hpp"
#include "state_json.hpp"
#include "common/files/regular_file.hpp"
#include "common/text/escape.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <system_error>

namespace pgmd {
namespace {

std::int64_t realtimeUsec()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Moves a bad file out of the way so the next save does not overwrite the
// only copy; returns the sentence fragment saying where it went.
std::string setAside(const std::string& path)
{
    const std::string aside = path + ".corrupt-" + std::to_string(realtimeUsec());
    if (std::rename(path.c_str(), aside.c_str()) < 0)
        return "could not keep it aside as " + aside + ": " + std::generic_category().message(errno);
    return "kept it as " + aside;
}

} // namespace

std::string stateFilePath(const std::string& stateDir)
{
    return stateDir + "/state.json";
}

LoadedState loadState(const std::string& stateDir)
{
    const std::string path = stateFilePath(stateDir);
    pgm::files::FileText file = pgm::files::readRegularFile(path, kMaxStateFileSize);
    if (file.problem == pgm::files::Problem::Missing)
        return {};
    std::string problem = file.why;
    if (file.ok()) {
        if (auto state = fromJson(file.text, &problem))
            return {std::move(*state), {}};
    }
    // The problem may quote the file's bytes (a parse error shows where it
    // stopped): escaped, so the journal keeps it as text.
    return {{}, pgm::text::escapeForDisplay(path + ": " + problem + "; " + setAside(path)
                                            + "; starting with empty state")};
}

void saveState(const std::string& stateDir, const PersistedState& state)
{
    pgm::makeDirectories(stateDir, 0755);
    pgm::replaceFileAtomically(stateFilePath(stateDir), toJson(state));
}

} // namespace pgmd
