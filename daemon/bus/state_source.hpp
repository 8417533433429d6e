#pragma once
// What the bus layer publishes, as plain data, and the operator actions it
// forwards. The daemon implements StateSource on top of the engine; the bus
// layer never sees the engine itself.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgmd {

// A member unit as systemd last reported it.
struct MemberInfo {
    std::string unit, activeState, subState;
    std::uint32_t mainPid = 0;
};

// One escalation step taken for a group (CLOCK_REALTIME microseconds).
struct StepInfo {
    std::uint64_t timestampUsec = 0;
    std::string step, reason;
};

struct GroupInfo {
    std::string name, layer, state, role, slice, lastFault, holdReason, description;
    std::string handshake;       // "none" or "bus"
    std::string standby;         // "hot" or "cold"
    std::string requestedState;  // "" when no acknowledgement is awaited
    std::uint64_t requestedIncarnation = 0;
    std::vector<std::string> units, dependsOn, resources;
    std::vector<MemberInfo> members;
    unsigned processRestarts = 0, processRestartBurst = 0, groupRestarts = 0, groupRestartBurst = 0;
    std::uint64_t processRestartIntervalUsec = 0, groupRestartIntervalUsec = 0, activationTimeoutUsec = 0;
    std::uint64_t stateChangeTimestampUsec = 0, lastFaultTimestampUsec = 0;
    std::vector<StepInfo> recentSteps;  // oldest first
    std::uint64_t incarnation = 0;
    bool held = false;
};

struct ManagerInfo {
    std::string nodeName, version, configDirectory;
    unsigned rebootCount = 0, rebootBurst = 0, hostReinitCount = 0, hostReinitBurst = 0;
    std::uint64_t totalReboots = 0, rebootIntervalUsec = 0, configLoadedTimestampUsec = 0;
    bool escalationExhausted = false;
};

// Each maps to one org.pgmd1.Error.* name (see bus_errors.cpp).
enum class OpError { None, NoSuchGroup, InvalidState, NotAvailable, StaleIncarnation, InvalidArgument, BadConfig };

struct OpResult {
    OpError error = OpError::None;
    std::string message;  // for the caller when error != None
};

class StateSource {
public:
    virtual ~StateSource() = default;
    virtual std::vector<std::string> groupNames() const = 0;  // configuration order
    virtual std::optional<GroupInfo> group(const std::string& name) const = 0;
    virtual ManagerInfo manager() const = 0;
    virtual OpResult offline(const std::string& group) = 0;
    virtual OpResult online(const std::string& group) = 0;
    virtual OpResult restart(const std::string& group) = 0;
    virtual OpResult resetFailed(const std::string& group) = 0;
    virtual OpResult activate(const std::string& group) = 0;
    virtual OpResult deactivate(const std::string& group) = 0;
    // `state` and `incarnation` as the caller quoted them.
    virtual OpResult acknowledge(const std::string& group, const std::string& state, std::uint64_t incarnation) = 0;
    // `recovery`: restart-process, restart-group or out-of-service. `unit` is
    // the member to restart for restart-process (already resolved from the
    // caller when it gave ""), and may be "" for the other two.
    virtual OpResult reportFault(const std::string& group, const std::string& recovery, const std::string& unit,
                                 const std::string& reason) = 0;
    // Manager-wide.
    virtual OpResult reload() = 0;
    virtual std::vector<std::string> checkConfig() = 0;  // errors; empty when valid
    virtual OpResult resetFailedAll() = 0;
};

} // namespace pgmd
