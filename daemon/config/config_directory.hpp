#pragma once
// Finding the files of a configuration directory.

#include "common/ini/config_error.hpp"

#include <string>
#include <vector>

namespace pgmd {

struct ConfigFile {
    std::string path;
    std::string name;  // the file name without its extension
};

// The files in `dir` whose names end in `extension` (".group"), sorted by
// name (a file called just ".group" has an empty name, which the caller
// rejects). A missing directory yields none; an unreadable one is reported.
std::vector<ConfigFile> listConfigFiles(const std::string& dir, const std::string& extension, pgm::ConfigErrors&);

} // namespace pgmd
