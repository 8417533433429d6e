#pragma once
// The engine: every group's state machine, the escalation ladder and the start
// order, as pure logic. Events come in as method calls; the engine reads the
// time from the Clock it was given, never from the system; effects go out as
// Actions.

#include "actions.hpp"
#include "model.hpp"
#include "persisted_state.hpp"
#include "resource_history.hpp"
#include "common/time/restart_window.hpp"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace pgmd {

// What systemd says a unit is doing (its ActiveState).
enum class UnitActivity { Active, Reloading, Inactive, Failed, Activating, Deactivating, Unknown };
UnitActivity unitActivityFromString(const std::string&);
const char* toString(UnitActivity);

enum class JobKind { Start, Restart, Stop };
const char* toString(JobKind);

// A member as the engine tracks it.
enum class MemberPhase {
    Stopped,   // not running, nothing pending
    Starting,  // a start/restart job is pending
    Running,   // its start job finished: active (and READY=1 for notify units)
    Stopping,  // a stop job is pending
    Outside,   // a job pgmd did not start (an operator's) is changing it: its end tells what it was
};

struct MemberRuntime {
    const MemberSpec* spec = nullptr;
    MemberPhase phase = MemberPhase::Stopped;
    RestartWindow restarts;
    // A restart of this member was counted at this moment and its job has
    // not ended yet.
    std::optional<MonoTime> restartCountedAt;
    // Jobs asked for and not yet ended: only the last one's end tells what
    // the member is doing (an earlier restart ending "done" while a later one
    // is queued must not mark it running).
    unsigned jobsInFlight = 0;
};

// An escalation step as a group's recent history shows it.
struct StepRecord {
    TimePoint at;
    EscalationStep step;
    std::string reason;
};

struct GroupRuntime {
    const GroupSpec* spec = nullptr;
    GroupState state = GroupState::Unavailable;
    bool held = false;         // taken out of service: stays down until an operator acts
    std::string holdReason;
    std::uint64_t incarnation = 0;
    std::string lastFault;
    std::optional<TimePoint> lastFaultAt;
    std::optional<TimePoint> stateSince;  // of the current state, while pgmd has run
    // Handshake=bus: the state the application was asked to acknowledge.
    std::optional<GroupState> requested;
    std::deque<StepRecord> recentSteps;   // newest last, at most kRecentSteps
    GroupState runTarget = GroupState::Active;  // active, or standby for alternates
    std::vector<MemberRuntime> members;
    RestartWindow groupRestarts;
    // Monotonic: a step of the wall clock must not fire or delay them.
    std::optional<MonoTime> activationDeadline;  // init, or a restarted process becoming ready
    std::optional<MonoTime> stopDeadline;
};

struct ResourceRuntime {
    const ResourceSpec* spec = nullptr;
    ResourceHealth health = ResourceHealth::Unknown;
    std::string detail;
    bool checkPending = false;
    bool reinitPending = false;
    bool reinitTried = false;  // since it was last healthy
    std::optional<MonoTime> nextCheck;
    ResourceHistory history;
};

enum class OperatorError { None, NoSuchGroup, InvalidState, StaleIncarnation, InvalidArgument };

// What an application recommends when it reports a fault of its own.
enum class Recovery { RestartProcess, RestartGroup, OutOfService };
const char* toString(Recovery);
std::optional<Recovery> recoveryFromString(const std::string&);

inline constexpr std::size_t kRecentSteps = 16;

struct OperatorResult {
    OperatorError error = OperatorError::None;
    std::string message;
    Actions actions;
};

class Engine {
public:
    Engine(const Config& config, const Clock& clock);

    // A reloaded configuration, which must outlive the engine (the previous
    // one may go once this returns). Groups and members keep their state and
    // counters by name; new groups start, removed ones and removed members are
    // stopped.
    Actions reconfigure(const Config& next);

    // Counters, marks and incarnations from the state directory. Call before
    // boot(). `currentBoot` identifies this boot of the host: groups that were
    // running are adopted only if the state was written during the same boot;
    // after a reboot they start afresh and nothing stays held.
    void restore(const PersistedState& state, const std::string& currentBoot);

    // Start managing: adopt groups whose members still run (pgmd restarted),
    // start the rest in layer and dependency order.
    // `lastStarted` tells, for the units of restartsOutstanding(), when each
    // last left the inactive state (systemd's InactiveExitTimestampMonotonic).
    Actions boot(const std::map<std::string, UnitActivity>& observedUnits,
                 const std::map<std::string, MonoTime>& lastStarted = {});
    // After restore(): members whose counted restart a previous pgmd asked
    // for without seeing it end.
    std::vector<std::string> restartsOutstanding() const;

    Actions onUnitChanged(const std::string& unit, UnitActivity activity, const std::string& detail);
    // `result` is systemd's job result: done, canceled, timeout, failed, dependency, skipped.
    Actions onJobFinished(const std::string& unit, JobKind kind, const std::string& result);
    // A job pgmd did not ask for (systemctl restart, stop) started on a
    // member, and ended. Neither is a fault: a restart from outside is
    // waited for, a stop from outside takes the group out of service.
    Actions onOutsideJob(const std::string& unit, std::uint32_t jobId);
    Actions onOutsideJobFinished(const std::string& unit, std::uint32_t jobId, const std::string& result,
                                 UnitActivity activity);
    Actions onResourceChecked(const std::string& resource, bool healthy, const std::string& detail);
    Actions onResourceReinitDone(const std::string& resource, bool ok, const std::string& detail);
    // The host could not be rebooted: recovery has nothing left to try.
    Actions onRebootFailed(const std::string& why);
    // Call when nextDeadline() has passed.
    Actions onTimer();
    // On the Clock's monotonic scale.
    std::optional<MonoTime> nextDeadline() const;

    OperatorResult offline(const std::string& group);
    OperatorResult online(const std::string& group);
    OperatorResult restart(const std::string& group);
    // Restart one member of a running group without counting it as a fault.
    OperatorResult restartMember(const std::string& group, const std::string& unit);
    // Forget the group's restart counters and last fault (a hold stays).
    OperatorResult resetFailed(const std::string& group);
    // Also the reboot and host re-initialisation counters, and exhaustion.
    OperatorResult resetFailedAll();
    // Switch between standby and active, through the handshake if the group has one.
    OperatorResult activate(const std::string& group);
    OperatorResult deactivate(const std::string& group);
    // The pair arbiter's decision for this node's half of a clustered group
    // (no refusal: the cluster decides). A standby is activated and an
    // active half deactivated, as by activate()/deactivate(); a half that is
    // starting becomes `target` when ready; an unavailable, held or offline
    // half only records it for when it starts again. Unknown groups and
    // targets other than active and standby are ignored.
    Actions setRunTarget(const std::string& group, GroupState target, const std::string& reason);
    // The application's answer to a RequestActivation.
    OperatorResult acknowledge(const std::string& group, GroupState state, std::uint64_t incarnation);
    // An application's own fault: enters the ladder at `recovery`. `unit`
    // names the member for RestartProcess.
    OperatorResult reportFault(const std::string& group, Recovery recovery, const std::string& unit,
                               const std::string& reason);

    const std::vector<GroupRuntime>& groups() const { return groups_; }
    const GroupRuntime* findGroup(const std::string& name) const;
    const ResourceRuntime* findResource(const std::string& name) const;
    const std::vector<ResourceRuntime>& resources() const { return resources_; }

    unsigned processRestartsInWindow(const GroupRuntime&) const;
    unsigned groupRestartsInWindow(const GroupRuntime&) const;
    unsigned rebootsInWindow() const;
    unsigned hostReinitsInWindow() const;
    std::uint64_t totalReboots() const { return totalReboots_; }
    bool escalationExhausted() const { return exhausted_; }

    PersistedState snapshot() const;
    // True once since the last call if anything worth persisting changed.
    bool takeDirty();

private:
    GroupRuntime* group(const std::string& name);
    void indexGroups();
    GroupRuntime* groupOfUnit(const std::string& unit, MemberRuntime** member);
    ResourceRuntime* resource(const std::string& name);

    void transition(GroupRuntime& g, GroupState to, const std::string& reason, Actions& out,
                    Actor actor = Actor::Manager);
    void announceWaitersOn(const GroupRuntime& g, GroupState from, Actions& out) const;
    void announceWaitersOn(const ResourceRuntime& r, Actions& out) const;
    void startGroup(GroupRuntime& g, const std::string& reason, Actions& out);
    void restartGroupMembers(GroupRuntime& g, Actions& out);
    void stopGroupMembers(GroupRuntime& g, Actions& out);
    void memberFault(GroupRuntime& g, MemberRuntime& m, const std::string& reason, Actions& out);
    void groupFault(GroupRuntime& g, const std::string& reason, Actions& out);
    void escalateByLayer(GroupRuntime& g, const std::string& reason, Actions& out);
    void takeOutOfService(GroupRuntime& g, const std::string& reason, bool hold, Actions& out);
    void takeDependentsOutOfService(const GroupRuntime& g, Actions& out);
    void reinitHost(const std::string& origin, const std::string& reason, Actions& out);
    void systemFailure(GroupRuntime& g, const std::string& reason, Actions& out);
    void reboot(const std::string& origin, const std::string& reason, Actions& out);
    // The ladder is spent: records the step and asks for a power cycle when there is a board to ask.
    void exhaust(const std::string& origin, const std::string& reason, Actions& out);
    void checkActivation(GroupRuntime& g, Actions& out);
    void checkStopped(GroupRuntime& g, Actions& out);
    void resourceFault(ResourceRuntime& r, Actions& out);
    bool anyDependentUp(const ResourceRuntime& r) const;
    void clearRestartCounters(GroupRuntime& g);
    void reconcile(Actions& out);
    void expireCounters(Actions& out);
    bool startable(const GroupRuntime& g, bool lowerLayersBlock) const;
    void cannotStop(GroupRuntime& g, Actions& out);
    bool quiescent(const GroupRuntime& g) const;
    std::vector<GroupRuntime*> dependentsOf(const GroupRuntime& g);
    // Records and announces a step; `savedAlready` when the caller put a
    // PersistNow before the step's own actions.
    void escalation(const std::string& group, EscalationStep step, const std::string& reason, Actions& out,
                    bool savedAlready = false);
    template <typename Command> OperatorResult onGroup(const std::string& name, Command command);
    void release(GroupRuntime& g, Actions& out);
    void becomeRunning(GroupRuntime& g, GroupState target, const std::string& reason, Actions& out);
    void switchToActive(GroupRuntime& g, const std::string& reason, Actor actor, Actions& out);
    void switchToStandby(GroupRuntime& g, const std::string& reason, Actions& out);
    void changeRunTarget(GroupRuntime& g, GroupState target, const std::string& reason, Actions& out);
    void setFault(GroupRuntime& g, const std::string& reason);
    void handshakeTimeout(GroupRuntime& g, Actions& out);

    const Config* config_;  // replaced by reconfigure()
    const Clock& clock_;
    std::vector<GroupRuntime> groups_;
    std::unordered_map<std::string, std::size_t> groupIndex_;  // name -> position in groups_
    std::vector<ResourceRuntime> resources_;
    RestartWindow reboots_;
    RestartWindow hostReinits_;
    std::uint64_t totalReboots_ = 0;
    bool exhausted_ = false;
    bool booted_ = false;
    bool rebooting_ = false;
    std::string rebootOrigin_;
    bool dirty_ = false;
    std::map<std::string, GroupState> restoredStates_;
    std::string bootId_;
};

const char* toString(OperatorError);

} // namespace pgmd
