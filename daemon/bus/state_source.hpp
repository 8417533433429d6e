#pragma once
// What the bus layer publishes, as plain data, and the operator actions it
// forwards. The daemon's application layer implements both sides on top of
// the engine; the bus layer never sees the engine itself.

#include "request_audit.hpp"

#include <cstdint>
#include <initializer_list>
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

// One thing a group waits for before it reaches its target (WaitingFor):
// kind is offline, hold, group, layer, resource or acknowledgement.
struct WaitInfo {
    std::string kind, name, detail;
    friend bool operator==(const WaitInfo&, const WaitInfo&) = default;
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
    std::vector<WaitInfo> waitingFor;   // empty when the group is where it should be
    std::uint64_t incarnation = 0;
    bool held = false;
    // Pairs across computers: see org.pgmd1.Group's Redundancy .. MateState.
    std::string redundancy;
    std::vector<std::string> clusterNodes, owners;
    bool lead = false;
    std::string mate, mateState;
};

// The key of a paired group's active half, wherever it runs, for
// Manager.GetKey (which answers for the pair when the half here is not active).
struct PairKeyInfo {
    bool paired = false;   // this node takes part in the group's pair ([Cluster], Nodes= lists it)
    std::string node;      // whose half is active; "" when none is, as this node last heard
    std::uint64_t incarnation = 0;
};

// One GroupInfo field per org.pgmd1.Group property. A reader names the
// fields it needs: sd-bus asks for properties one at a time (a GetAll of one
// object is 28 asks, a GetManagedObjects 28 per group), so each ask must cost
// its own field, not the whole group.
enum class GroupField : unsigned {
    Name,
    Layer,
    State,
    Role,
    Units,
    Slice,
    DependsOn,
    Resources,
    ProcessRestarts,
    ProcessRestartBurst,
    GroupRestarts,
    GroupRestartBurst,
    LastFault,
    Incarnation,
    Held,
    HoldReason,
    Description,
    Members,
    ProcessRestartInterval,
    GroupRestartInterval,
    ActivationTimeout,
    Handshake,
    Standby,
    RequestedState,
    RequestedIncarnation,
    StateChangeTimestamp,
    LastFaultTimestamp,
    RecentSteps,
    WaitingFor,
    Redundancy,
    ClusterNodes,
    Owners,
    Lead,
    Mate,
    MateState,
    Count  // not a field: how many there are
};

inline constexpr unsigned kGroupFieldCount = static_cast<unsigned>(GroupField::Count);

class GroupFields {
public:
    // No field: enough to learn whether the group exists.
    constexpr GroupFields() = default;
    // One field, as most readers want (implicit on purpose: read(GroupField::State)).
    constexpr GroupFields(GroupField f) : bits_(bit(f)) {}
    constexpr GroupFields(std::initializer_list<GroupField> fields)
    {
        for (GroupField f : fields)
            bits_ |= bit(f);
    }
    static constexpr GroupFields all()
    {
        GroupFields every;
        every.bits_ = (std::uint64_t{1} << kGroupFieldCount) - 1;
        return every;
    }
    constexpr bool has(GroupField f) const { return (bits_ & bit(f)) != 0; }
    friend constexpr bool operator==(GroupFields, GroupFields) = default;

private:
    static_assert(kGroupFieldCount < 64, "GroupFields keeps one bit per field in 64 bits");
    static constexpr std::uint64_t bit(GroupField f) { return std::uint64_t{1} << static_cast<unsigned>(f); }
    std::uint64_t bits_ = 0;
};

// A resource as org.pgmd1.Resource shows it. Read whole: it has few fields
// and none costs a call to systemd, so no field selection as for groups.
struct ResourceInfo {
    std::string name, kind, state, lastError, path;
    std::vector<std::string> command, reinit, usedBy;
    std::uint64_t minFreeBytes = 0, checkIntervalUsec = 0, timeoutUsec = 0;
    // CLOCK_REALTIME microseconds; 0: never.
    std::uint64_t lastCheckTimestampUsec = 0, stateChangeTimestampUsec = 0, lastReinitTimestampUsec = 0;
    unsigned reinitCount = 0;
};

struct ManagerInfo {
    std::string nodeName, version, configDirectory;
    unsigned rebootCount = 0, rebootBurst = 0, hostReinitCount = 0, hostReinitBurst = 0;
    std::uint64_t totalReboots = 0, rebootIntervalUsec = 0, configLoadedTimestampUsec = 0;
    bool escalationExhausted = false;
    // The running configuration is not what the configuration directory holds,
    // because the files there do not load; the reason lists their errors.
    bool configStale = false;
    std::string configStaleReason;
};

// Each maps to one org.pgmd1.Error.* name (see bus_errors.cpp).
enum class OpError {
    None,
    NoSuchGroup,
    InvalidState,
    NotAvailable,
    StaleIncarnation,
    InvalidArgument,
    BadConfig,
    NotPaired,
    PairDefinitionMismatch,
};

struct OpResult {
    OpError error = OpError::None;
    std::string message;  // for the caller when error != None
};

// What the bus shows: reads only.
class StateView {
public:
    virtual ~StateView() = default;
    virtual std::vector<std::string> groupNames() const = 0;  // configuration order
    // The group with the fields in `wanted` filled in and the others left at
    // their defaults; nothing when there is no such group.
    virtual std::optional<GroupInfo> group(const std::string& name, GroupFields wanted) const = 0;
    // Every field.
    std::optional<GroupInfo> group(const std::string& name) const { return group(name, GroupFields::all()); }
    virtual ManagerInfo manager() const = 0;
    virtual std::vector<std::string> resourceNames() const = 0;  // configuration order
    virtual std::optional<ResourceInfo> resource(const std::string& name) const = 0;
    // Not paired unless a cluster says so: a pgmd without [Cluster] has no pairs.
    virtual PairKeyInfo pairKey(const std::string& /*group*/) const { return {}; }
};

// What the bus forwards: operator and application requests, each answered
// with the verdict the caller gets.
class OperatorRequests {
public:
    virtual ~OperatorRequests() = default;
    virtual OpResult offline(const std::string& group) = 0;
    virtual OpResult online(const std::string& group) = 0;
    virtual OpResult restart(const std::string& group) = 0;
    virtual OpResult restartMember(const std::string& group, const std::string& unit) = 0;
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

// The sides as the bus layer is handed them; kept apart so that what shows
// the state, what changes it and what records each request are separate
// parts of the daemon.
struct StateSource {
    const StateView& view;
    OperatorRequests& requests;
    RequestAudit& audit;
};

} // namespace pgmd
