#include "host_config.hpp"

#include "common/ini/timespan.hpp"

#include <set>

namespace icd::board {

using pgm::formatTimespan;

namespace {

std::string joined(const std::vector<std::string>& lines)
{
    std::string out;
    for (const std::string& line : lines)
        out += (out.empty() ? "" : "\n") + line;
    return out;
}

struct PositiveSpan {
    const char* name;
    Duration HostConfig::*member;
};

// A zero timeout would cycle on every timer tick, a zero off time would
// switch the host straight back on, a zero relay timeout fails every command.
constexpr PositiveSpan kPositiveSpans[] = {
    {"heartbeat timeout", &HostConfig::heartbeatTimeout},
    {"off time", &HostConfig::offTime},
    {"relay timeout", &HostConfig::relayTimeout},
    {"relay retry delay", &HostConfig::relayRetryDelay},
};

void checkHost(const HostConfig& h, std::vector<std::string>& problems)
{
    const std::string prefix = "host " + h.id + ": ";
    for (const PositiveSpan& span : kPositiveSpans)
        if ((h.*span.member).count() <= 0)
            problems.push_back(prefix + span.name + " must be positive, not " + pgm::formatTimespan(h.*span.member));
    if (h.bootGrace.count() < 0)
        problems.push_back(prefix + "boot grace must not be negative");
    if (h.cycles.interval.count() <= 0) {
        problems.push_back(prefix + "cycle window must be positive");
        return;
    }
    // Each cycle takes at least grace + timeout + off time before the next
    // failure can be detected; a window no longer than N of them can never
    // hold N+1 cycles, so the limit would never trip.
    const Duration perCycle = h.bootGrace + h.heartbeatTimeout + h.offTime;
    const Duration needed = perCycle * h.cycles.burst;
    if (h.cycles.interval <= needed)
        problems.push_back(prefix + "cycle window " + pgm::formatTimespan(h.cycles.interval) + " must exceed "
                           + std::to_string(h.cycles.burst) + " x (boot grace " + pgm::formatTimespan(h.bootGrace)
                           + " + heartbeat timeout " + pgm::formatTimespan(h.heartbeatTimeout) + " + off time "
                           + pgm::formatTimespan(h.offTime) + ") = " + pgm::formatTimespan(needed)
                           + ", or the cycle limit never trips");
}

} // namespace

std::vector<std::string> configProblems(const std::vector<HostConfig>& hosts)
{
    std::vector<std::string> problems;
    std::set<std::string> seen;
    for (const HostConfig& h : hosts) {
        if (h.id.empty()) {
            problems.push_back("a host has an empty id");
            continue;
        }
        if (!seen.insert(h.id).second)
            problems.push_back("host " + h.id + " is declared more than once");
        checkHost(h, problems);
    }
    return problems;
}

InvalidBoardConfig::InvalidBoardConfig(const std::vector<std::string>& problems)
    : std::invalid_argument("invalid board configuration:\n" + joined(problems)), problems_(problems)
{
}

} // namespace icd::board
