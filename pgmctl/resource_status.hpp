#pragma once
// What pgmd publishes about a resource (org.pgmd1.Resource), as plain values.
// A property an older pgmd does not have keeps its default here.

#include <cstdint>
#include <string>
#include <vector>

namespace pgmctl {

struct ResourceStatus {
    std::string name;
    std::string kind;   // path, mount, free-space or command
    std::string state;  // unknown, ok or failing
    std::string lastError;  // "": no check has failed
    std::string path;
    std::uint64_t minFreeBytes = 0;
    std::vector<std::string> command;
    std::vector<std::string> reinit;
    std::vector<std::string> usedBy;
    std::uint64_t checkIntervalUsec = 0;
    std::uint64_t timeoutUsec = 0;
    std::uint32_t reinitCount = 0;
    // CLOCK_REALTIME; 0: never.
    std::uint64_t lastCheckTimestampUsec = 0;
    std::uint64_t stateChangeTimestampUsec = 0;
    std::uint64_t lastReinitTimestampUsec = 0;
};

// Only "ok" is healthy: a resource not checked yet is not known to be.
bool isHealthy(const ResourceStatus& resource);

} // namespace pgmctl
