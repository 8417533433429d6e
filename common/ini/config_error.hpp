#pragma once
// A problem found in the configuration, located precisely enough for an editor
// to jump to it.

#include <string>
#include <vector>

namespace pgm {

struct ConfigError {
    std::string file;
    unsigned line = 0;  // 0: the file as a whole
    std::string key;    // empty: not about one key
    std::string message;

    friend bool operator==(const ConfigError&, const ConfigError&) = default;
};

// "file:line: key: message"; ":line" is left out when 0 and "key: " when empty.
// Control characters and invalid UTF-8 in any part come out as \xNN.
std::string format(const ConfigError&);

using ConfigErrors = std::vector<ConfigError>;

} // namespace pgm
