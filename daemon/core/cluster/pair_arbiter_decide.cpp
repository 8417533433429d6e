// What the pair arbiter decides after every event: the owners of each group
// (only while synced, by the rule in owner_rule.cpp), who is fenced (only on
// the fencer), and the run targets of this node's halves.

#include "pair_arbiter.hpp"

#include <algorithm>

namespace pgmd::cluster {

const char* toString(SwitchoverOutcome o)
{
    switch (o) {
    case SwitchoverOutcome::Completed: return "completed";
    case SwitchoverOutcome::Abandoned: return "abandoned";
    case SwitchoverOutcome::Refused: return "refused";
    }
    return "?";
}

namespace {

// The switch-over under way before an evaluation that left it: how it ended.
// It was given up (README, "Abandoned"), or its owner left the owner set:
// it handed over, or it failed or was fenced meanwhile, and the move goes on
// as a failover (announced by Failover). Nothing is said otherwise.
std::optional<SwitchoverEnded> endOfSwitchover(const std::string& group, const OwnerRecord& before,
                                               const RuleOutcome& outcome)
{
    if (!before.handover || outcome.record.handover)
        return std::nullopt;
    const Handover& h = *before.handover;
    if (!outcome.abandoned.empty())
        return SwitchoverEnded{group, h.from, h.to, h.by, SwitchoverOutcome::Abandoned, outcome.abandoned};
    auto left = std::find_if(outcome.removed.begin(), outcome.removed.end(),
                             [&](const OwnerRemoval& r) { return r.node == h.from; });
    const std::string to = outcome.added.empty() ? h.to : outcome.added.front();
    return SwitchoverEnded{group, h.from, to, h.by, SwitchoverOutcome::Completed,
                           left == outcome.removed.end() ? std::string() : left->reason};
}

} // namespace

void PairArbiter::settle(ClusterActions& out)
{
    if (synced_) {
        for (auto& [name, pair] : pairs_)
            decideOwners(pair, out);
        fenceLostNodes(out);
    }
    setTargets(out);
    if (viewChanged_) {
        out.push_back(ClusterViewChanged{});
        viewChanged_ = false;
    }
}

GroupFacts PairArbiter::factsOf(const Pair& pair) const
{
    GroupFacts facts;
    facts.leadActive = pair.spec->redundancy == Redundancy::LeadActive;
    // Lead-active: every ready node is an owner.
    facts.activeCount = facts.leadActive ? static_cast<unsigned>(pair.spec->nodes.size()) : pair.spec->activeCount;
    facts.record = pair.record;
    for (const std::string& name : pair.spec->nodes) {
        NodeFacts n;
        n.name = name;
        if (const Peer* p = peerNamed(name)) {
            n.id = p->id;
            n.presence = p->presence;
            n.quorate = p->quorate;
            if (auto h = p->halves.find(pair.spec->name); h != p->halves.end())
                n.half = h->second;
        }
        facts.nodes.push_back(std::move(n));
    }
    return facts;
}

// Present nodes that would apply a different rule to the group (README, rule 1).
std::optional<std::string> PairArbiter::mismatchOf(const Pair& pair) const
{
    const std::string& group = pair.spec->name;
    const std::uint64_t digest = definitionDigest(*pair.spec);
    for (NodeId id : members_) {
        const Peer& p = peers_.at(id);
        if (p.presence != Presence::Present)
            continue;
        auto half = p.halves.find(group);
        const bool listed = std::find(pair.spec->nodes.begin(), pair.spec->nodes.end(), p.name) != pair.spec->nodes.end();
        if (half == p.halves.end()) {
            if (listed)
                return p.name + " does not have group " + group;
            continue;
        }
        if (half->second.definition != digest)
            return "the definition of group " + group + " differs on " + p.name;
    }
    return std::nullopt;
}

void PairArbiter::decideOwners(Pair& pair, ClusterActions& out)
{
    const std::string& group = pair.spec->name;
    const std::optional<std::string> mismatch = mismatchOf(pair);
    if (mismatch.has_value() != pair.frozen || mismatch.value_or("") != pair.frozenWhy) {
        pair.frozen = mismatch.has_value();
        pair.frozenWhy = mismatch.value_or("");
        out.push_back(PairFrozen{group, pair.frozen, pair.frozenWhy});
        viewChanged_ = true;
    }
    if (pair.frozen)
        return;
    RuleOutcome outcome = applyOwnerRule(factsOf(pair));
    // Told standby while still claiming: the journal says why, also when
    // the record already left this node out (it was merged from the side
    // that decided last) and so does not change here.
    for (const OwnerRemoval& t : outcome.toldStandby)
        if (t.node == selfName_)
            pair.standbyWhy = t.reason;
    if (outcome.record == pair.record) {
        announceFailover(pair, out);
        return;
    }
    if (!outcome.abandoned.empty())
        pair.abandonedWhy = "switch-over abandoned: " + outcome.abandoned;
    if (std::optional<SwitchoverEnded> ended = endOfSwitchover(group, pair.record, outcome))
        out.push_back(std::move(*ended));
    // An owner that left and the one that replaces it may be decided at
    // different events (after the fence, after the old half stops claiming).
    for (OwnerRemoval& removal : outcome.removed)
        if (!pair.pendingFailover)
            pair.pendingFailover = std::move(removal);
    // Lead-active: every ready half is an owner already, so what moves is
    // the lead (only ever to a half delivered as active).
    const std::string& oldLead = pair.record.lead;
    const std::string& newLead = outcome.record.lead;
    if (pair.pendingFailover && !oldLead.empty() && !newLead.empty() && oldLead != newLead &&
        pair.pendingFailover->node == oldLead) {
        out.push_back(Failover{group, oldLead, newLead, pair.pendingFailover->reason});
        pair.pendingFailover.reset();
    }
    if (pair.pendingFailover && pair.successor.empty() && !outcome.added.empty())
        pair.successor = outcome.added.front();
    pair.record = std::move(outcome.record);
    viewChanged_ = true;
    announceFailover(pair, out);
}

// The move is announced (Failover) once the successor's own report, as
// delivered, says its half is active: with a handshake, after the
// application acknowledged it. Until then it is counted as an owner (rule
// 4), so nothing else is activated meanwhile. A successor that stops being
// an owner first (it failed) is replaced by the next one added.
void PairArbiter::announceFailover(Pair& pair, ClusterActions& out)
{
    if (!pair.pendingFailover || pair.successor.empty())
        return;
    const auto& owners = pair.record.owners;
    if (std::find(owners.begin(), owners.end(), pair.successor) == owners.end()) {
        pair.successor.clear();
        return;
    }
    // The half that left, repaired and back, is a return, not a failover.
    if (pair.successor == pair.pendingFailover->node) {
        pair.pendingFailover.reset();
        pair.successor.clear();
        return;
    }
    const Peer* p = peerNamed(pair.successor);
    if (!p || p->presence != Presence::Present)
        return;
    const auto half = p->halves.find(pair.spec->name);
    if (half == p->halves.end() || half->second.state != GroupState::Active)
        return;
    out.push_back(Failover{pair.spec->name, pair.pendingFailover->node, pair.successor, pair.pendingFailover->reason});
    pair.pendingFailover.reset();
    pair.successor.clear();
}

NodeId PairArbiter::fencer() const
{
    for (const auto& [id, p] : peers_)  // in node id order
        if (p.presence == Presence::Present && p.quorate && p.canFence)
            return id;
    return 0;
}

// A lost node with a board host id is fenced through the board, by every
// present, quorate node whose board can fence, whether or not its halves
// must move: both sides of a partition ask, and the board grants one
// (README, "Fencing through the board"). The agent is the fallback, on the
// fencer alone and only where no board can reach the node.
void PairArbiter::fenceLostNodes(ClusterActions& out)
{
    if (!connected_ || !quorate_ || self_ == 0)
        return;
    const bool boardHere = ownBoardHost() != 0 && boardCanFence_;
    const bool agentHere = fencer() == self_;
    for (const auto& [id, p] : peers_) {
        if (p.presence != Presence::Lost)
            continue;
        // A host id another node also gives is no way to name this one.
        const bool viaBoard = boardHere && p.boardHost != 0 && nodeOfBoardHost(p.boardHost) == id;
        if (!viaBoard && (!agentHere || boardCanReach(p) || !lossBlocks(p)))
            continue;
        Fencing& f = fencing_[id];
        if (f.inFlight || f.retryAt)
            continue;
        f.inFlight = true;
        f.viaBoard = viaBoard;
        if (viaBoard)
            out.push_back(FenceThroughBoard{id, p.name, p.boardHost, activeHalves()});
        else
            out.push_back(FenceNode{id, p.name});
    }
}

// A lost node is fenced only when its halves must move (README, "Lost
// nodes and fencing"): it is an owner or its last report claimed, in some
// group. Where this node cannot tell it fences: a group whose Nodes= does
// not list this node (it keeps no owner record, and an owner chosen but not
// yet claiming is known only to the nodes that do), a half it never heard
// reported (a lost node learned from another's report), a node it never
// heard by name.
bool PairArbiter::lossBlocks(const Peer& lost) const
{
    if (lost.name.empty())
        return true;
    for (const auto& [group, half] : lost.halves)
        if (half.claims)
            return true;
    for (const GroupSpec& spec : config_->groups) {
        if (spec.redundancy == Redundancy::None ||
            std::find(spec.nodes.begin(), spec.nodes.end(), lost.name) == spec.nodes.end())
            continue;
        auto pair = pairs_.find(spec.name);
        if (pair == pairs_.end() || !lost.halves.count(spec.name))
            return true;
        const auto& owners = pair->second.record.owners;
        if (std::find(owners.begin(), owners.end(), lost.name) != owners.end())
            return true;
    }
    return false;
}

std::string PairArbiter::releaseReason() const
{
    if (!boardRelease_.empty())
        return boardRelease_;
    if (disconnected_)
        return releaseWhy_.empty() ? "not connected to the cluster" : releaseWhy_;
    if (connected_ && quorumKnown_ && !quorate_)
        return "this node is not quorate";
    return {};
}

// The local half went its own way since it was told active: it went down
// and came back standby, as the engine brings back a clustered half, without
// the others hearing it fail. It is told again once its delivered report
// says so too: a failure delivered first removes the owner instead.
// (Ready now and as delivered: a report still on its way, stale, does not
// repeat the order; a ready half acts on it at once.)
bool PairArbiter::halfDisagrees(const std::string& group, GroupState target) const
{
    if (target != GroupState::Active)
        return false;
    auto local = std::find_if(localHalves_.begin(), localHalves_.end(),
                              [&](const HalfReport& h) { return h.group == group; });
    const auto self = peers_.find(self_);
    if (local == localHalves_.end() || self == peers_.end())
        return false;
    const auto delivered = self->second.halves.find(group);
    return local->ready && delivered != self->second.halves.end() && delivered->second.ready;
}

void PairArbiter::setTargets(ClusterActions& out)
{
    const std::string release = releaseReason();
    // Nothing is decided before this node hears of quorum, or while the nodes exchange reports.
    const bool deciding = connected_ && quorumKnown_ && synced_;
    if (release.empty() && !deciding)
        return;
    for (auto& [group, pair] : pairs_) {
        GroupState target = GroupState::Standby;
        std::string reason = release;
        if (release.empty()) {
            const auto& owners = pair.record.owners;
            const bool owner = std::find(owners.begin(), owners.end(), selfName_) != owners.end();
            const bool standingDown = pair.record.handover && pair.record.handover->from == selfName_;
            if (owner && !standingDown) {
                target = GroupState::Active;
                reason = pair.abandonedWhy.empty() ? "owner of the pair" : pair.abandonedWhy;
            } else {
                reason = standingDown            ? "switch-over"
                         : pair.standbyWhy.empty() ? "another node is the owner"
                                                   : pair.standbyWhy;
            }
        }
        if (pair.target != target || halfDisagrees(group, target)) {
            pair.target = target;
            out.push_back(SetRunTarget{group, target, reason});
        }
        pair.abandonedWhy.clear();
        pair.standbyWhy.clear();
        const bool lead = release.empty() && !pair.record.lead.empty() && pair.record.lead == selfName_;
        if (lead != pair.lead) {
            pair.lead = lead;
            out.push_back(SetLead{group, lead});
        }
    }
}

} // namespace pgmd::cluster
