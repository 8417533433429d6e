#include "config_loader.hpp"

#include "config_directory.hpp"
#include "group_file.hpp"
#include "common/ini/ini_file.hpp"
#include "manager_file.hpp"
#include "resource_file.hpp"
#include "validate.hpp"
#include "common/ini/values.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <unistd.h>

namespace pgmd {

namespace {

namespace fs = std::filesystem;

// Puts the errors of one file, found by several checks, in line order.
void sortByLine(pgm::ConfigErrors& errors, std::size_t firstOfFile)
{
    std::stable_sort(errors.begin() + static_cast<std::ptrdiff_t>(firstOfFile), errors.end(),
                     [](const pgm::ConfigError& a, const pgm::ConfigError& b) { return a.line < b.line; });
}

bool checkDirectory(const std::string& dir, pgm::ConfigErrors& errors)
{
    std::error_code ec;
    auto status = fs::status(dir, ec);
    if (status.type() == fs::file_type::not_found)
        errors.push_back({dir, 0, "", "configuration directory does not exist"});
    else if (ec)
        errors.push_back({dir, 0, "", "cannot access configuration directory: " + ec.message()});
    else if (status.type() != fs::file_type::directory)
        errors.push_back({dir, 0, "", "not a directory"});
    else
        return true;
    return false;
}

void loadManager(const fs::path& dir, Config& config, const std::string& hostName, pgm::ConfigErrors& errors)
{
    std::string path = (dir / "pgmd.conf").string();
    std::error_code ec;
    // symlink_status: a dangling link is a mistake to report, not an absent file.
    if (fs::symlink_status(path, ec).type() == fs::file_type::not_found)
        return;
    std::size_t first = errors.size();
    if (auto doc = pgm::readIniFile(path, errors))
        readManagerFile(*doc, config.manager, config.cluster, hostName, errors);
    sortByLine(errors, first);
}

// A badly named file is still read, so that its other mistakes show up in
// the same run and groups that name it do not fail as well.
void checkFileName(const ConfigFile& f, const char* what, pgm::ConfigErrors& errors)
{
    if (!pgm::isValidName(f.name))
        errors.push_back({f.path, 0, "",
                          std::string("invalid ") + what + " name '" + f.name + "' (" + std::string(pgm::kNameRule) + ")"});
}

std::vector<ParsedGroup> loadGroups(const fs::path& dir, const ManagerSpec& manager, const std::string& self,
                                    pgm::ConfigErrors& errors)
{
    std::vector<ParsedGroup> groups;
    for (const auto& f : listConfigFiles((dir / "groups.d").string(), ".group", errors)) {
        std::size_t first = errors.size();
        checkFileName(f, "group", errors);
        if (auto doc = pgm::readIniFile(f.path, errors))
            groups.push_back(readGroupFile(*doc, f.name, manager, self, errors));
        sortByLine(errors, first);
    }
    return groups;
}

std::vector<ResourceSpec> loadResources(const fs::path& dir, pgm::ConfigErrors& errors)
{
    std::vector<ResourceSpec> resources;
    for (const auto& f : listConfigFiles((dir / "resources.d").string(), ".resource", errors)) {
        std::size_t first = errors.size();
        checkFileName(f, "resource", errors);
        if (auto doc = pgm::readIniFile(f.path, errors))
            resources.push_back(readResourceFile(*doc, f.name, errors));
        sortByLine(errors, first);
    }
    return resources;
}

} // namespace

std::string localHostName()
{
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0)
        return "";
    return buf;
}

LoadResult loadConfig(const std::string& configDir, const UnitExistsFn& unitExists, const std::string& hostName)
{
    LoadResult result;
    Config& config = result.config;
    pgm::ConfigErrors& errors = result.errors;
    config.manager = defaultManagerSpec();
    if (!checkDirectory(configDir, errors))
        return result;

    fs::path dir(configDir);
    loadManager(dir, config, hostName, errors);
    const std::string& self = config.manager.nodeName.empty() ? hostName : config.manager.nodeName;
    std::vector<ParsedGroup> groups = loadGroups(dir, config.manager, self, errors);
    config.resources = loadResources(dir, errors);

    checkMembers(groups, unitExists, errors);
    checkReferences(groups, config.resources, errors);
    checkCycles(groups, errors);

    for (auto& g : groups)
        (g.runsHere ? config.groups : config.elsewhere).push_back(std::move(g.spec));
    return result;
}

} // namespace pgmd
