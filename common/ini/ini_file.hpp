#pragma once
// One configuration file read through inih, with what inih does not give: the
// line of every section and assignment, and a report of every malformed line
// (inih stops at the first one).

#include "common/ini/config_error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgm {

struct IniSection {
    std::string name;
    unsigned line = 0;
};

struct IniEntry {
    std::string section;
    std::string key;
    std::string value;
    unsigned line = 0;
};

struct IniDocument {
    std::string file;
    std::vector<IniSection> sections;  // in file order; a repeated header appears again
    std::vector<IniEntry> entries;     // in file order
};

// `file` names the text in messages. Malformed lines are reported to `errors`
// and skipped; everything else is still parsed.
IniDocument parseIni(const std::string& file, std::string_view text, ConfigErrors& errors);

// The most one configuration file may hold. Real ones are a few KiB; the cap
// keeps a link to /dev/zero or a runaway generator from eating the memory.
inline constexpr std::size_t kMaxConfigFileSize = 1024 * 1024;

// nullopt when the file cannot be read, is not a regular file (a FIFO, a
// device, a directory; a symbolic link to a regular file is fine) or is larger
// than kMaxConfigFileSize: each reported to `errors` against the file.
std::optional<IniDocument> readIniFile(const std::string& path, ConfigErrors& errors);

} // namespace pgm
