#include "config_directory.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace pgmd {

namespace fs = std::filesystem;

std::vector<ConfigFile> listConfigFiles(const std::string& dir, const std::string& extension, pgm::ConfigErrors& errors)
{
    std::vector<ConfigFile> files;
    std::error_code ec;
    if (!fs::exists(dir, ec) && !ec)
        return files;

    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::string fileName = it->path().filename().string();
        if (!fileName.ends_with(extension))
            continue;
        files.push_back({it->path().string(), fileName.substr(0, fileName.size() - extension.size())});
    }
    if (ec) {
        errors.push_back({dir, 0, "", "cannot list directory: " + ec.message()});
        return {};
    }
    std::sort(files.begin(), files.end(), [](const ConfigFile& a, const ConfigFile& b) { return a.name < b.name; });
    return files;
}

} // namespace pgmd
