#pragma once
// Waiting for the result of an operator's command, as `systemctl start`
// waits for its job: a goal (the group where the command puts it) and a
// failure test, both predicates over the group's properties as they were
// before the call and as they are now. Pure: the bus part (result_wait.hpp)
// feeds it what PropertiesChanged says, one observation at a time.

#include "group_status.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pgmctl {

// A signal of org.pgmd1.Cluster about the waited group: Failover (from,
// to, reason), PairFrozen (frozen, reason) or SwitchoverEnded (from, to,
// by, outcome, reason).
struct PairEvent {
    enum class Kind { Failover, Frozen, Thawed, SwitchoverEnded };
    Kind kind = Kind::Failover;
    std::string fromNode;
    std::string toNode;
    std::string reason;
    std::string byNode;   // SwitchoverEnded: the node it was asked on
    std::string outcome;  // SwitchoverEnded: completed, abandoned or refused
};

// What was seen since the call, for tests that need more than one moment.
struct WaitHistory {
    // Init, standby or active was seen: unavailable again is a failure.
    bool leftUnavailable = false;
    // Held was seen false: held again is a new hold, not the old one.
    bool sawUnheld = false;
    // A member of the given name was seen in another state than active.
    bool memberLeftActive = false;
    // Switch-over: the half active before the call was seen in another state
    // (it stands down first, then the other half is made active).
    bool ownerLeftActive = false;
    // The pair's last Failover since the call.
    std::optional<PairEvent> failover;
    // The pair froze since the call (and did not thaw): why.
    std::optional<std::string> frozen;
    // Every SwitchoverEnded of the pair since the call, in order.
    std::vector<PairEvent> switchoversEnded;
};

using GoalPredicate = std::function<bool(const GroupStatus& before, const GroupStatus& now, const WaitHistory&)>;
// Why the wait failed ("" is never returned), or nullopt while it has not.
using FailurePredicate =
    std::function<std::optional<std::string>(const GroupStatus& before, const GroupStatus& now, const WaitHistory&)>;

struct WaitGoal {
    // Where the group is to get, for the message on a timeout: "active or standby".
    std::string description;
    GoalPredicate reached;
    FailurePredicate failed;
    // A member whose leaving "active" the history records ("" for none).
    std::string member;
    // A node whose half's leaving "active" the history records, as this
    // node sees it (its own half, or its Mate's), and this node's name; ""
    // for none.
    std::string pairOwner;
    std::string localNode;
};

enum class WaitOutcome { Pending, Reached, Failed };

struct WaitVerdict {
    WaitOutcome outcome = WaitOutcome::Pending;
    std::string reason;  // why it failed
};

// One group's wait: the state before the call, then every state seen after it.
class GroupWait {
public:
    GroupWait(WaitGoal goal, GroupStatus before);

    // The verdict once `now` has been seen. Failure wins over the goal: a group
    // that became active and, in the same change, got a new fault has failed.
    WaitVerdict observe(const GroupStatus& now);
    // The verdict once the pair's `event` has been seen, the group being `now`.
    WaitVerdict observePair(const PairEvent& event, const GroupStatus& now);

    const WaitGoal& goal() const { return goal_; }
    const GroupStatus& before() const { return before_; }

private:
    WaitVerdict judge(const GroupStatus& now) const;

    WaitGoal goal_;
    GroupStatus before_;
    WaitHistory history_;
};

// The failure test every command shares: the group became held (out of
// service until an operator acts), a fault newer than the call appeared, or
// the group went unavailable after having left that state.
std::optional<std::string> serviceFailure(const GroupStatus& before, const GroupStatus& now, const WaitHistory& history);

// The goals of the commands that wait.
WaitGoal onlineGoal();      // active or standby, and not held
WaitGoal restartGoal();     // a greater incarnation, active or standby
WaitGoal activateGoal();    // active
WaitGoal deactivateGoal();  // standby
WaitGoal offlineGoal();     // offline
// restart GROUP UNIT: the member active again with a new main PID, or active
// again after having been seen in another state.
WaitGoal memberRestartGoal(const std::string& unit);

// switchover GROUP [NODE], asked on `localNode`: the group's owners no longer
// include the node that owned it before the call (`toNode` among them when
// named), that node's half is active as this node sees it (its own State,
// or MateState when it is the Mate), and this node's half, unless it is the
// new owner, is not active. Fails when the pair froze, when the active half
// moved to another node than `toNode`, or when the old owner's half, having
// stood down, is active again while still the owner (the switch-over was
// abandoned: the other half could not be activated), at once when pgmd says
// this request (asked on `localNode`, to `toNode`, from the owner before
// the call) was refused once delivered or abandoned (SwitchoverEnded), and
// on serviceFailure. A "completed" outcome is not needed: the goal says it.
WaitGoal switchoverGoal(const std::string& localNode, const std::string& toNode, const GroupStatus& before);

// The state of `node`'s half of a paired group as `localNode` sees it: its
// own group's state, or MateState when `node` is its Mate; nullopt when
// this node is told nothing about that half.
std::optional<std::string> halfStateAsSeen(const GroupStatus& g, const std::string& node,
                                           const std::string& localNode);

// How long to wait when --timeout is not given: see the definition.
std::chrono::microseconds defaultWaitTimeout(const GroupStatus& before);

} // namespace pgmctl
