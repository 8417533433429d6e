#pragma once
// The quick, synchronous resource checks (no child process involved).

#include "core/model.hpp"

#include <string>

namespace pgmd {

struct ProbeResult {
    bool healthy = false;
    std::string detail;
};

ProbeResult probePath(const std::string& path);
// `mountInfo` is the text of /proc/self/mountinfo (passed in for testing).
ProbeResult probeMount(const std::string& path, const std::string& mountInfo);
ProbeResult probeFreeSpace(const std::string& path, std::uint64_t minFreeBytes);

// Mount points listed in mountinfo text, with its octal escapes decoded.
std::vector<std::string> mountPoints(const std::string& mountInfo);

} // namespace pgmd
