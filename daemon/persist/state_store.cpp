#include "state_store.hpp"

#include "atomic_file.hpp"
#include "state_json.hpp"

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
    std::string text;
    if (!readFileIfExists(path, text))
        return {};
    std::string problem;
    if (auto state = fromJson(text, &problem))
        return {std::move(*state), {}};
    return {{}, path + ": " + problem + "; " + setAside(path) + "; starting with empty state"};
}

void saveState(const std::string& stateDir, const PersistedState& state)
{
    makeDirectories(stateDir, 0755);
    replaceFileAtomically(stateFilePath(stateDir), toJson(state));
}

} // namespace pgmd
