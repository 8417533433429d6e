// The pair arbiter's events: what each one changes in the arbiter's picture
// of the cluster. What is decided from that picture is in
// pair_arbiter_decide.cpp, what it shows in pair_arbiter_view.cpp.

#include "pair_arbiter.hpp"

#include <algorithm>

namespace pgmd::cluster {

namespace {

bool contains(const std::vector<NodeId>& ids, NodeId id)
{
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool lists(const GroupSpec& spec, const std::string& node)
{
    return std::find(spec.nodes.begin(), spec.nodes.end(), node) != spec.nodes.end();
}

} // namespace

PairArbiter::PairArbiter(const Config& config, const Clock& clock)
    : config_(&config), clock_(clock), selfName_(config.manager.nodeName)
{
    rebuildPairs();
}

// A node takes part in the groups whose Nodes= lists it; the rest it ignores.
// Owner records survive a reload by group name.
void PairArbiter::rebuildPairs()
{
    std::map<std::string, Pair> next;
    for (const GroupSpec& spec : config_->groups) {
        if (spec.redundancy == Redundancy::None || !lists(spec, selfName_))
            continue;
        Pair pair;
        if (auto old = pairs_.find(spec.name); old != pairs_.end())
            pair = std::move(old->second);
        pair.spec = &spec;
        pair.record.group = spec.name;
        next.emplace(spec.name, std::move(pair));
    }
    pairs_ = std::move(next);
}

ClusterActions PairArbiter::reconfigure(const Config& next)
{
    ClusterActions out;
    config_ = &next;
    selfName_ = next.manager.nodeName;
    rebuildPairs();
    if (Peer* self = peer(self_)) {
        self->canFence = config_->cluster && !config_->cluster->fenceCommand.empty();
        self->boardHost = ownBoardHost();
        self->boardCanFence = self->boardHost != 0 && boardCanFence_;
    }
    // Definitions may have changed: the others compare them again.
    multicastReport(out);
    settle(out);
    return out;
}

PairArbiter::Peer* PairArbiter::peer(NodeId id)
{
    auto it = peers_.find(id);
    return it == peers_.end() ? nullptr : &it->second;
}

const PairArbiter::Peer* PairArbiter::peerNamed(const std::string& name) const
{
    for (const auto& [id, p] : peers_)
        if (p.name == name)
            return &p;
    return nullptr;
}

Duration PairArbiter::processDownGrace() const
{
    return config_->cluster ? config_->cluster->processDownGrace : ClusterSpec{}.processDownGrace;
}

Report PairArbiter::ownReport() const
{
    Report r;
    r.nodeName = selfName_;
    r.quorate = quorate_;
    r.canFence = config_->cluster && !config_->cluster->fenceCommand.empty();
    r.boardHost = ownBoardHost();
    r.boardCanFence = r.boardHost != 0 && boardCanFence_;
    r.halves = localHalves_;
    for (const auto& [name, pair] : pairs_)
        r.owners.push_back(pair.record);
    for (const auto& [id, p] : peers_)
        if (p.presence == Presence::Lost && !p.name.empty())
            r.lost.push_back(LostNode{id, p.name});
    return r;
}

void PairArbiter::multicastReport(ClusterActions& out) const
{
    if (connected_ && contains(members_, self_))
        out.push_back(Multicast{ownReport()});
}

// ---- agreed order ------------------------------------------------------------------

ClusterActions PairArbiter::onJoined(NodeId self)
{
    self_ = self;
    connected_ = true;
    disconnected_ = false;
    releaseWhy_.clear();
    Peer& me = peers_[self];
    me.id = self;
    me.name = selfName_;
    me.canFence = config_->cluster && !config_->cluster->fenceCommand.empty();
    me.boardHost = ownBoardHost();
    me.boardCanFence = me.boardHost != 0 && boardCanFence_;
    viewChanged_ = true;
    ClusterActions out;
    settle(out);
    return out;
}

ClusterActions PairArbiter::onMembership(const MembershipChange& change)
{
    if (!connected_)
        return {};
    if (!contains(change.members, self_))
        return onDisconnected("this node's pgmd is no longer in the CPG group");
    const MonoTime now = clock_.monotonic();
    // A node that went down may still have run its halves until the moment
    // it went: lost. One whose pgmd left while the node stays still runs
    // them: absent, for the process-down grace.
    for (const MemberEvent& e : change.left) {
        Peer& p = peers_[e.node];
        p.id = e.node;
        p.reportedSinceChange = false;
        // The board confirmed it off before corosync noticed: it stays fenced.
        if (p.presence == Presence::Fenced)
            continue;
        if (e.reason == MemberReason::NodeDown) {
            p.presence = Presence::Lost;
            p.absentSince.reset();
        } else {
            p.presence = Presence::Absent;
            p.absentSince = now;
        }
    }
    for (auto& [id, p] : peers_)
        if ((p.presence == Presence::Present || p.presence == Presence::Syncing) && !contains(change.members, id)) {
            p.presence = Presence::Absent;
            p.absentSince = now;
        }
    for (NodeId id : change.members) {
        Peer& p = peers_[id];
        // Confirmed off by the board while corosync still lists it: it
        // stays fenced until it joins again.
        const bool rejoined = std::any_of(change.joined.begin(), change.joined.end(),
                                          [&](const MemberEvent& e) { return e.node == id; });
        if (p.presence == Presence::Fenced && !rejoined)
            continue;
        p.id = id;
        p.presence = Presence::Syncing;
        p.reportedSinceChange = false;
        p.absentSince.reset();
        fencing_.erase(id);
    }
    members_ = change.members;
    synced_ = false;
    viewChanged_ = true;
    ClusterActions out;
    multicastReport(out);
    settle(out);
    return out;
}

ClusterActions PairArbiter::onMessage(NodeId from, const Message& message)
{
    if (!connected_ || !contains(members_, from))
        return {};
    ClusterActions out;
    if (const auto* report = std::get_if<Report>(&message)) {
        applyReport(peers_[from], *report);
        // Owner records are exchanged in the sync phase: once synced, every
        // node holds the same ones and changes them by the same rule.
        if (!synced_)
            learnOwners(report->owners);
        learnLost(report->lost);
        updateSynced();
    } else if (const auto* request = std::get_if<SwitchoverRequest>(&message)) {
        applySwitchover(*request, out);
    } else if (const auto* outcome = std::get_if<FenceOutcome>(&message)) {
        applyFenceOutcome(*outcome);
    }
    settle(out);
    return out;
}

void PairArbiter::applyReport(Peer& from, const Report& report)
{
    from.name = report.nodeName;
    from.quorate = report.quorate;
    from.canFence = report.canFence;
    from.boardHost = report.boardHost;
    from.boardCanFence = report.boardCanFence;
    from.halves.clear();
    for (const HalfReport& h : report.halves)
        from.halves[h.group] = h;
    from.reportedSinceChange = true;
    if (from.presence == Presence::Syncing)
        from.presence = Presence::Present;
    viewChanged_ = true;
}

void PairArbiter::learnOwners(const std::vector<OwnerRecord>& records)
{
    for (const OwnerRecord& incoming : records) {
        auto it = pairs_.find(incoming.group);
        if (it == pairs_.end() || !supersedes(incoming, it->second.record))
            continue;
        it->second.record = incoming;
        viewChanged_ = true;
    }
}

// Only for nodes this one knows nothing of: what it saw itself comes first.
void PairArbiter::learnLost(const std::vector<LostNode>& lost)
{
    for (const LostNode& l : lost) {
        if (l.id == self_ || contains(members_, l.id) || peers_.count(l.id))
            continue;
        Peer& p = peers_[l.id];
        p.id = l.id;
        p.name = l.name;
        p.presence = Presence::Lost;
        viewChanged_ = true;
    }
}

void PairArbiter::updateSynced()
{
    synced_ = connected_ && contains(members_, self_) &&
              std::all_of(members_.begin(), members_.end(),
                          [&](NodeId id) {
                              // A member the board confirmed off will never report again.
                              return peers_.count(id) && (peers_.at(id).reportedSinceChange ||
                                                          peers_.at(id).presence == Presence::Fenced);
                          });
}

void PairArbiter::applySwitchover(const SwitchoverRequest& request, ClusterActions& out)
{
    // A node whose Nodes= does not list the group keeps no record of it and
    // has nothing to say; the asking node does (it checked the pair first).
    auto it = pairs_.find(request.group);
    if (it == pairs_.end())
        return;
    Pair& pair = it->second;
    // Checked again here, against the state every node shares at this point:
    // a refusal now (another switch-over got there first, the target left)
    // is told to the asking node, which otherwise waits for nothing.
    if (std::string refusal = switchoverRefusal(request.group, request.toNode); !refusal.empty()) {
        const std::string from = pair.record.owners.size() == 1 ? pair.record.owners.front() : std::string();
        out.push_back(SwitchoverEnded{request.group, from, request.toNode, request.byNode, SwitchoverOutcome::Refused,
                                      std::move(refusal)});
        return;
    }
    pair.record.handover = Handover{pair.record.owners.front(), request.toNode, request.byNode};
    ++pair.record.epoch;
    viewChanged_ = true;
}

void PairArbiter::applyFenceOutcome(const FenceOutcome& outcome)
{
    // Back in the group since the agent ran: whatever it did, the node's own
    // report now speaks for it.
    if (contains(members_, outcome.target)) {
        fencing_.erase(outcome.target);
        return;
    }
    Peer& p = peers_[outcome.target];
    p.id = outcome.target;
    if (p.name.empty())
        p.name = outcome.targetName;
    viewChanged_ = true;
    if (outcome.off) {
        p.presence = Presence::Fenced;
        p.halves.clear();
        p.absentSince.reset();
        fencing_.erase(outcome.target);
        return;
    }
    Fencing& f = fencing_[outcome.target];
    f.inFlight = false;
    f.retryAt = clock_.monotonic() + kFenceRetryDelay;
    f.lastFailure = outcome.detail;
}

// ---- local -------------------------------------------------------------------------

ClusterActions PairArbiter::onQuorum(const QuorumState& quorum)
{
    if (quorumKnown_ && quorum.quorate == quorate_)
        return {};
    quorumKnown_ = true;
    quorate_ = quorum.quorate;
    viewChanged_ = true;
    ClusterActions out;
    multicastReport(out);
    settle(out);
    return out;
}

ClusterActions PairArbiter::onLocalHalves(std::vector<HalfReport> halves)
{
    std::erase_if(halves, [&](const HalfReport& h) { return !pairs_.count(h.group); });
    if (halves == localHalves_)
        return {};
    localHalves_ = std::move(halves);
    ClusterActions out;
    multicastReport(out);
    return out;
}

// The agent's answer goes to every node; it counts when it is delivered.
ClusterActions PairArbiter::onFenceDone(NodeId node, bool off, const std::string& detail)
{
    const Peer* p = peer(node);
    ClusterActions out;
    if (connected_)
        out.push_back(Multicast{FenceOutcome{node, p ? p->name : std::string(), off, detail}});
    else if (auto it = fencing_.find(node); it != fencing_.end()) {
        it->second.inFlight = false;  // nobody will hear of it: try again once back
        it->second.retryAt = clock_.monotonic() + kFenceRetryDelay;
    }
    return out;
}

ClusterActions PairArbiter::onDisconnected(const std::string& why)
{
    connected_ = false;
    disconnected_ = true;
    synced_ = false;
    members_.clear();
    releaseWhy_ = why;
    viewChanged_ = true;
    ClusterActions out;
    settle(out);
    return out;
}

ClusterActions PairArbiter::onTimer()
{
    const MonoTime now = clock_.monotonic();
    for (auto& [id, p] : peers_)
        if (p.presence == Presence::Absent && p.absentSince && now >= *p.absentSince + processDownGrace()) {
            p.presence = Presence::Lost;
            p.absentSince.reset();
            viewChanged_ = true;
        }
    // A failed fence may be tried again (by the fencer, in settle()).
    for (auto& [id, f] : fencing_)
        if (f.retryAt && now >= *f.retryAt)
            f.retryAt.reset();
    ClusterActions out;
    settle(out);
    return out;
}

std::optional<MonoTime> PairArbiter::nextDeadline() const
{
    std::optional<MonoTime> next;
    auto consider = [&](MonoTime t) {
        if (!next || t < *next)
            next = t;
    };
    for (const auto& [id, p] : peers_)
        if (p.presence == Presence::Absent && p.absentSince)
            consider(*p.absentSince + processDownGrace());
    for (const auto& [id, f] : fencing_)
        if (f.retryAt)
            consider(*f.retryAt);
    return next;
}

} // namespace pgmd::cluster
