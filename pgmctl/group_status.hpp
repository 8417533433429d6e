#pragma once
// What pgmd publishes about itself and its groups, as plain values: the
// properties of org.pgmd1.Manager and org.pgmd1.Group. A property an older
// pgmd does not have keeps its default here.

#include <cstdint>
#include <string>
#include <vector>

namespace pgmctl {

struct MemberStatus {
    std::string unit;
    std::string activeState;
    std::string subState;
    std::uint32_t mainPid = 0;  // 0: none
};

struct StepRecord {
    std::uint64_t timestampUsec = 0;  // CLOCK_REALTIME
    std::string step;
    std::string reason;
};

// One thing a group waits for (WaitingFor): kind is offline, hold, group,
// layer, resource or acknowledgement; name and detail as pgmd gives them.
struct WaitStatus {
    std::string kind;
    std::string name;
    std::string detail;
};

struct GroupStatus {
    std::string name;
    std::string description;
    std::string layer;
    std::string state;
    std::string role;
    std::string standby;
    std::string handshake;
    std::uint64_t incarnation = 0;
    bool held = false;
    std::string holdReason;
    std::string slice;
    std::vector<std::string> units;
    std::vector<std::string> dependsOn;
    std::vector<std::string> resources;
    std::uint32_t processRestarts = 0;
    std::uint32_t processRestartBurst = 0;
    std::uint64_t processRestartIntervalUsec = 0;
    std::uint32_t groupRestarts = 0;
    std::uint32_t groupRestartBurst = 0;
    std::uint64_t groupRestartIntervalUsec = 0;
    std::uint64_t activationTimeoutUsec = 0;
    std::string requestedState;  // "": no acknowledgement awaited
    std::uint64_t requestedIncarnation = 0;
    std::string lastFault;       // "": never failed
    std::uint64_t stateChangeTimestampUsec = 0;  // 0: never
    std::uint64_t lastFaultTimestampUsec = 0;
    std::vector<MemberStatus> members;
    std::vector<StepRecord> recentSteps;  // oldest first
    std::vector<WaitStatus> waitingFor;   // empty: where it should be
    // Pairs across computers (empty from a pgmd without them).
    std::string redundancy;
    std::vector<std::string> clusterNodes;
    std::vector<std::string> owners;
    bool lead = false;
    std::string mate;
    std::string mateState;
};

struct ManagerStatus {
    std::string nodeName;
    std::string version;
    std::string configDirectory;
    std::uint64_t configLoadedTimestampUsec = 0;
    std::uint32_t rebootCount = 0;
    std::uint32_t rebootBurst = 0;
    std::uint64_t rebootIntervalUsec = 0;
    std::uint64_t totalReboots = 0;
    std::uint32_t hostReinitCount = 0;
    std::uint32_t hostReinitBurst = 0;
    bool escalationExhausted = false;
    // pgmd runs its last good configuration: the files in configDirectory do
    // not load, for the reason given (a summary, then one error per line).
    bool configStale = false;
    std::string configStaleReason;
};

// Running means standby or active: the states in which a group has a key.
bool isRunning(const GroupStatus& group);

} // namespace pgmctl
