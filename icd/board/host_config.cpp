#include "host_config.hpp"

#include "common/ini/timespan.hpp"

#include <algorithm>
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

bool contains(const std::vector<std::string>& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

const HostConfig* byId(const std::vector<HostConfig>& hosts, const std::string& id)
{
    auto it = std::find_if(hosts.begin(), hosts.end(), [&](const HostConfig& h) { return h.id == id; });
    return it == hosts.end() ? nullptr : &*it;
}

std::string peersWording(const HostConfig& h)
{
    return h.peers ? "Peers=" : "peers (every other host, by default)";
}

} // namespace

// A fence request is allowed between peers and a host's notices go to its
// peers: a one-sided pair would let A fence B while B never hears of A.
std::vector<PeerProblem> peerProblems(const std::vector<HostConfig>& hosts)
{
    std::vector<PeerProblem> problems;
    for (const HostConfig& h : hosts) {
        for (const std::string& p : h.peers.value_or(std::vector<std::string>{})) {
            if (p == h.id)
                problems.push_back({h.id, "Peers= names the host itself"});
            else if (!byId(hosts, p))
                problems.push_back({h.id, "Peers= names " + p + ", which is not a configured host"});
        }
    }
    for (const HostConfig& h : hosts) {
        for (const std::string& p : effectivePeers(h, hosts)) {
            const HostConfig* other = byId(hosts, p);
            if (other && other->id != h.id && !contains(effectivePeers(*other, hosts), h.id))
                problems.push_back({h.id, "its " + peersWording(h) + " include " + p + ", but the "
                                              + peersWording(*other) + " of " + p + " do not include " + h.id
                                              + ": peers must name each other"});
        }
    }
    return problems;
}

std::vector<std::string> effectivePeers(const HostConfig& host, const std::vector<HostConfig>& hosts)
{
    if (host.peers)
        return *host.peers;
    std::vector<std::string> out;
    for (const HostConfig& h : hosts)
        if (h.id != host.id)
            out.push_back(h.id);
    return out;
}

std::vector<std::string> configProblems(const std::vector<HostConfig>& hosts, const FenceSettings& fence)
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
    for (const PeerProblem& p : peerProblems(hosts))
        problems.push_back("host " + p.host + ": " + p.message);
    if (fence.raceWindow.count() < 0)
        problems.push_back("the fence race window must not be negative");
    return problems;
}

InvalidBoardConfig::InvalidBoardConfig(const std::vector<std::string>& problems)
    : std::invalid_argument("invalid board configuration:\n" + joined(problems)), problems_(problems)
{
}

} // namespace icd::board
