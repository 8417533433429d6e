#include "startup_config.hpp"

#include "checked_config.hpp"
#include "last_good_config.hpp"

#include "log/journal.hpp"

#include <filesystem>

namespace pgmd {

void keepLastGoodOrWarn(const std::string& configDir, const std::string& stateDirectory)
{
    try {
        keepLastGood(configDir, stateDirectory);
    } catch (const std::exception& e) {
        log::warning("cannot keep a copy of the configuration in " + lastGoodDirectory(stateDirectory) + ": " +
                     e.what() + "; if " + configDir + " breaks, pgmd restarts from an older copy or not at all");
    }
}

std::optional<StartupConfig> chooseStartupConfig(const std::string& configDir, LoadResult loaded,
                                                 const ConfigLoadFn& load)
{
    if (loaded.ok()) {
        keepLastGoodOrWarn(configDir, loaded.config.manager.stateDirectory);
        return StartupConfig{std::move(loaded.config), std::nullopt};
    }
    const std::string reason = errorSummary(loaded.errors, configDir) + ":" + errorLines(loaded.errors);
    for (const std::string& stateDir : lastGoodCandidates(loaded)) {
        const std::string copy = lastGoodDirectory(stateDir);
        std::error_code ec;
        if (!std::filesystem::is_directory(copy, ec))
            continue;
        LoadResult fallback = load(copy);
        if (!fallback.ok()) {
            log::error("cannot start: " + reason + "\nand the last good configuration no longer loads: " +
                       errorSummary(fallback.errors, copy) + ":" + errorLines(fallback.errors));
            return std::nullopt;
        }
        // The copy was saved by a pgmd keeping its state here, whatever a
        // later pgmd.conf says: the state file belongs with it.
        fallback.config.manager.stateDirectory = stateDir;
        log::warning("running a STALE configuration, the last one that loaded (" + copy + "), because of " +
                     reason + "\nFix the files; pgmd picks them up once they are valid.");
        return StartupConfig{std::move(fallback.config), reason};
    }
    return std::nullopt;
}

} // namespace pgmd
