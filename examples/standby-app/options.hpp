#pragma once
// The command line of pgmd-example-app.

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace example {

struct Options {
    std::string group;                      // "": from PGMD_GROUP
    std::vector<std::string> watchedGroups;  // --watch, may be repeated
    bool acknowledge = true;                 // false with --no-ack
    std::chrono::milliseconds ackDelay{0};
    bool help = false;
};

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws UsageError for an unknown option or a bad value.
Options parseOptions(int argc, char** argv);

extern const char* const kUsage;

} // namespace example
