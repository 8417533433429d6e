#pragma once
// Several nodes, each a real engine on a fake systemd (the core Harness) with
// its pair arbiter, on a tiny stand-in for CPG: every Multicast is delivered
// to every member of the sender's side in one agreed order, membership
// changes are delivered after the messages sent before them (virtual
// synchrony), and messages go through encode/decode on the way. A node told
// standby is slow: it carries that out only after the event that caused it
// has reached every node, while one told active acts at once (the worst
// case for overlap). After every delivered event the bus checks that the
// cluster as a whole (a node cut off still runs its halves) has no more
// active halves than ActiveCount= allows.

#include "../harness.hpp"

#include "core/cluster/half_keys.hpp"
#include "core/cluster/half_reports.hpp"
#include "core/cluster/pair_arbiter.hpp"

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pgmd::cluster {
inline void PrintTo(Presence p, std::ostream* os) { *os << toString(p); }
} // namespace pgmd::cluster

namespace pgmd::cluster::test {

GroupSpec makeClusteredGroup(const std::string& name, Redundancy redundancy, std::vector<std::string> nodes,
                             unsigned activeCount = 1, StandbyKind standby = StandbyKind::Hot);
// The same configuration as every node would have it, for `node`.
Config makeNodeConfig(const std::string& node, std::vector<GroupSpec> groups, bool canFence);

struct SimNode {
    SimNode(std::string name, NodeId id, Config config, pgm::ManualClock& clock);

    std::string name;
    NodeId id;
    pgmd::test::Harness host;
    std::unique_ptr<PairArbiter> arbiter;  // null while its pgmd is down
    int side = 0;                          // nodes on one side of a partition hear each other
    bool powered = true;                   // false once fenced off: its halves no longer run
    bool quorate = true;
    std::map<std::string, GroupState> targets;  // the last SetRunTarget per group
    std::map<std::string, bool> leads;
    std::vector<FenceNode> fenceRequests;
    std::vector<Failover> failovers;
    std::vector<PairFrozen> frozen;
    std::vector<SwitchoverEnded> switchoversEnded;
    std::vector<ClusterAction> log;
    // Fed after every event, as the application layer feeds it.
    HalfKeys halfKeys;
    std::vector<HalfEvent> halfEvents;

    GroupState target(const std::string& group) const;
    const GroupState& state(const std::string& group) const { return host.group(group).state; }
    PairView pair(const std::string& group) const;
    NodeView view(const std::string& node) const;  // as this node's arbiter sees `node`
};

class ClusterBus {
public:
    explicit ClusterBus(pgm::ManualClock& clock) : clock_(clock) {}

    SimNode& add(const std::string& name, NodeId id, Config config);
    SimNode& node(const std::string& name);

    // Boots the node's engine and joins its pgmd to CPG.
    void start(const std::string& name);
    // Several nodes whose pgmds join in one membership change (a cluster's cold start).
    void startTogether(const std::vector<std::string>& names);
    // Its pgmd dies; the node and its groups stay (PROCDOWN at the others).
    void crashPgmd(const std::string& name);
    // pgmd comes back (the same engine: it re-adopted the groups).
    void restartPgmd(const std::string& name);
    // The node is cut off from the others (NODEDOWN on both sides); it and its groups still run.
    void isolate(const std::string& name, int side = 1);
    // Every node back on one side: the sides see each other join.
    void heal();
    void setQuorate(const std::string& name, bool quorate);
    // The fence agent on `fencer` answered for `target`. A lying agent says
    // off and leaves the target running, as a wrong outlet would.
    void fenceDone(const std::string& fencer, const std::string& target, bool off, const std::string& detail = {},
                   bool lies = false);
    // A local input of the node's arbiter (the board's answers and notices),
    // carried out like any other; `target` is switched off first when the
    // input says the board confirmed it off.
    void local(const std::string& name, const std::function<ClusterActions(PairArbiter&)>& input);
    void switchOff(const std::string& target);
    // Engine work on one node, then its report.
    void run(const std::string& name, const OperatorResult& result);
    void kill(const std::string& name, const std::string& unit);
    // A reloaded configuration on one node: its engine, then its arbiter.
    void reconfigure(const std::string& name, Config next);
    SwitchoverResult switchover(const std::string& on, const std::string& group, const std::string& to = {});
    void advance(Duration d);

    // Delivery: automatic after every step unless held.
    bool hold = false;
    // Off only where a test builds a violation on purpose (two sides that
    // never met, healed).
    bool checkInvariants = true;
    void deliverAll();
    std::size_t queued() const { return queue_.size(); }

    // Halves that run as active on `side` (by SetRunTarget and by the engines).
    unsigned activeTargets(const std::string& group, int side = 0) const;
    std::vector<std::string> activeNodes(const std::string& group) const;  // by the engines, every side

private:
    struct Queued {
        NodeId from;
        int side;
        std::string bytes;
    };
    std::vector<SimNode*> membersOf(int side) const;
    void membershipChange(int side, const std::vector<MemberEvent>& joined, const std::vector<MemberEvent>& left);
    void handle(SimNode& n, ClusterActions actions);
    void applyRunTarget(SimNode& n, const SetRunTarget& t);
    void applyDeferredStandbys();
    void refreshHalves(SimNode& n);
    void joinArbiter(SimNode& n);
    void maybeDeliver();
    void checkInvariant(const std::string& after) const;

    pgm::ManualClock& clock_;
    std::vector<std::unique_ptr<SimNode>> nodes_;
    std::deque<Queued> queue_;
    std::vector<std::pair<SimNode*, SetRunTarget>> deferredStandbys_;
};

} // namespace pgmd::cluster::test
