// The pair arbiter and the independent computer (README, "Fencing through
// the board"): the board's answers and notices, which are local events (each
// node hears its own board), turned into the arbiter's picture; fencing
// requests themselves are decided in pair_arbiter_decide.cpp.

#include "pair_arbiter.hpp"

#include <algorithm>

namespace pgmd::cluster {

namespace {

bool isMember(const std::vector<NodeId>& members, NodeId id)
{
    return std::find(members.begin(), members.end(), id) != members.end();
}

} // namespace

const char* toString(BoardPeerView v)
{
    switch (v) {
    case BoardPeerView::Unknown: return "unknown";
    case BoardPeerView::Alive: return "alive";
    case BoardPeerView::Silent: return "silent";
    case BoardPeerView::Fencing: return "fencing";
    case BoardPeerView::Off: return "off";
    }
    return "?";
}

// Only the authenticated serial protocol can carry a fence request; a board
// on a GPIO line only watches the heartbeat.
std::uint8_t PairArbiter::ownBoardHost() const
{
    const auto& board = config_->manager.independentComputer;
    if (!board || board->link != IcdLinkKind::Serial || board->hostId > 255)
        return 0;
    return static_cast<std::uint8_t>(board->hostId);
}

// Two nodes giving the same host id (a copied pgmd.conf) name no node: a
// notice about one must never fence the other.
NodeId PairArbiter::nodeOfBoardHost(std::uint8_t host) const
{
    if (host == 0)
        return 0;
    NodeId found = 0;
    for (const auto& [id, p] : peers_) {
        if (p.boardHost != host)
            continue;
        if (found != 0)
            return 0;
        found = id;
    }
    return found;
}

bool PairArbiter::boardCanReach(const Peer& lost) const
{
    if (lost.boardHost == 0 || nodeOfBoardHost(lost.boardHost) != lost.id)
        return false;
    return std::any_of(peers_.begin(), peers_.end(), [](const auto& entry) {
        const Peer& p = entry.second;
        return p.presence == Presence::Present && p.quorate && p.boardCanFence;
    });
}

// The board's tie-break counts what each side would keep serving: halves
// that are active or on their way to it.
std::uint16_t PairArbiter::activeHalves() const
{
    const auto n = std::count_if(localHalves_.begin(), localHalves_.end(), [](const HalfReport& h) { return h.claims; });
    return static_cast<std::uint16_t>(std::min<std::ptrdiff_t>(n, 0xffff));
}

ClusterActions PairArbiter::onBoardAbility(bool canFence, const std::string&)
{
    ClusterActions out;
    if (canFence == boardCanFence_)
        return out;
    boardCanFence_ = canFence;
    if (Peer* me = peer(self_))
        me->boardCanFence = me->boardHost != 0 && canFence;
    // A request the board will never answer: the agent (or the board, once
    // back) takes the node on again.
    if (!canFence)
        std::erase_if(fencing_, [](const auto& entry) { return entry.second.viaBoard && entry.second.inFlight; });
    viewChanged_ = true;
    multicastReport(out);
    settle(out);
    return out;
}

ClusterActions PairArbiter::onBoardFenced(NodeId node)
{
    ClusterActions out;
    Peer* p = peer(node);
    if (node == 0 || node == self_ || !p || p->presence == Presence::Fenced)
        return out;
    p->board = BoardPeerView::Off;
    viewChanged_ = true;
    // Still a member: corosync has not noticed yet, and no message can be
    // delivered until it has (the ring waits for the dead node's token), so
    // every member that hears the board decides at the same point of the
    // sequence. It is off: its halves are gone.
    if (isMember(members_, node)) {
        p->presence = Presence::Fenced;
        p->halves.clear();
        p->absentSince.reset();
        fencing_.erase(node);
        updateSynced();
    }
    // For the nodes that did not hear the board, in agreed order; a
    // repeat is harmless.
    if (connected_)
        out.push_back(Multicast{FenceOutcome{node, p->name, true, "confirmed off by the independent computer"}});
    settle(out);
    return out;
}

ClusterActions PairArbiter::standDownForBoard(std::string why)
{
    ClusterActions out;
    if (!boardRelease_.empty())
        return out;
    boardRelease_ = std::move(why);
    viewChanged_ = true;
    settle(out);
    return out;
}

ClusterActions PairArbiter::onFenceRefused(NodeId node)
{
    const Peer* p = peer(node);
    const std::string name = p && !p->name.empty() ? p->name : "node id " + std::to_string(node);
    return standDownForBoard("the independent computer refused to fence " + name +
                             ": this node lost the tie-break or is being fenced itself");
}

ClusterActions PairArbiter::onBeingFenced(const std::string& by)
{
    return standDownForBoard("the independent computer is fencing this node" +
                             (by.empty() ? std::string() : " (asked by " + by + ")"));
}

ClusterActions PairArbiter::onBoardFenceFailed(NodeId node, const std::string& why)
{
    ClusterActions out;
    auto it = fencing_.find(node);
    if (it == fencing_.end() || !it->second.viaBoard)
        return out;
    it->second.inFlight = false;
    it->second.retryAt = clock_.monotonic() + kFenceRetryDelay;
    it->second.lastFailure = "the independent computer: " + why;
    viewChanged_ = true;
    settle(out);
    return out;
}

ClusterActions PairArbiter::onBoardPeer(NodeId node, BoardPeerView view)
{
    ClusterActions out;
    Peer* p = peer(node);
    if (!p || p->board == view)
        return out;
    p->board = view;
    viewChanged_ = true;
    out.push_back(ClusterViewChanged{});
    viewChanged_ = false;
    return out;
}

} // namespace pgmd::cluster
