#include "last_good_config.hpp"

#include "config/config_directory.hpp"
#include "common/ini/ini_file.hpp"
#include "config/manager_file.hpp"
#include "common/files/atomic_file.hpp"
#include "common/files/regular_file.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace pgmd {

namespace {

namespace fs = std::filesystem;

// What the loader reads (config_loader.cpp): these files and no others.
struct Subdirectory {
    const char* name;
    const char* extension;
};
constexpr Subdirectory kSubdirectories[] = {{"groups.d", ".group"}, {"resources.d", ".resource"}};
constexpr const char* kManagerFile = "pgmd.conf";

void copyFile(const std::string& from, const std::string& to)
{
    // The same rules as the loader's: a file it accepted is one this accepts.
    const pgm::files::FileText file = pgm::files::readRegularFile(from, pgm::kMaxConfigFileSize);
    if (!file.ok())
        throw std::runtime_error(from + " " + file.why + " (while copying the configuration)");
    pgm::replaceFileAtomically(to, file.text);
}

void stage(const fs::path& configDir, const fs::path& staged)
{
    std::error_code ec;
    fs::remove_all(staged, ec);  // a leftover of an interrupted copy
    if (ec)
        throw std::system_error(ec, "remove " + staged.string());
    pgm::makeDirectories(staged.string(), 0700);
    if (fs::exists(configDir / kManagerFile))
        copyFile((configDir / kManagerFile).string(), (staged / kManagerFile).string());
    for (const Subdirectory& sub : kSubdirectories) {
        pgm::ConfigErrors errors;
        const std::vector<ConfigFile> files = listConfigFiles((configDir / sub.name).string(), sub.extension, errors);
        if (!errors.empty())
            throw std::runtime_error(format(errors.front()));
        if (files.empty())
            continue;
        pgm::makeDirectories((staged / sub.name).string(), 0700);
        for (const ConfigFile& f : files)
            copyFile(f.path, (staged / sub.name / fs::path(f.path).filename()).string());
    }
}

} // namespace

std::string lastGoodDirectory(const std::string& stateDirectory)
{
    return (fs::path(stateDirectory) / "last-good").string();
}

void keepLastGood(const std::string& configDir, const std::string& stateDirectory)
{
    const std::string target = lastGoodDirectory(stateDirectory);
    const std::string staged = target + ".new";
    stage(configDir, staged);
    // Unit names were checked when the original loaded; the copy only has to
    // hold the same, readable files.
    const LoadResult check = loadConfig(staged);
    if (!check.ok())
        throw std::runtime_error("the copy in " + staged + " does not load (" + format(check.errors.front()) +
                                 "); a file changed while it was copied");
    pgm::replaceDirectoryAtomically(staged, target);
}

std::vector<std::string> lastGoodCandidates(const LoadResult& broken)
{
    std::vector<std::string> dirs{broken.config.manager.stateDirectory, defaultManagerSpec().stateDirectory};
    dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
    return dirs;
}

} // namespace pgmd
