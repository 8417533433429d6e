// ClusterCoordinator and the independent computer: the arbiter's requests to
// fence through the board go to the board link, and what the board tells
// (answers, notices, its view of a peer, whether it can fence) goes to the
// arbiter's inputs. Board host ids are turned into nodes through the
// arbiter, from the nodes' reports. Deciding is the arbiter's business.

#include "board_link_sink.hpp"
#include "cluster_coordinator.hpp"
#include "current_config.hpp"
#include "overloaded.hpp"

#include "log/journal.hpp"

#include <utility>

namespace pgmd {

namespace {

// A heartbeat older than this many of this host's intervals: the peer is
// silent (hosts on one board normally share the interval).
constexpr int kSilentAfterIntervals = 3;

cluster::BoardPeerView viewOf(const icd::PeerStatus& s, Duration heartbeatInterval)
{
    if (s.state == icd::BoardState::Cycling)
        return cluster::BoardPeerView::Fencing;
    if (s.state == icd::BoardState::OffLatched || s.power == icd::PeerPower::Off)
        return cluster::BoardPeerView::Off;
    if (s.state == icd::BoardState::Disarmed || s.msSinceBeat == icd::kNeverBeat)
        return cluster::BoardPeerView::Unknown;
    const auto silentAfter = std::chrono::duration_cast<std::chrono::milliseconds>(heartbeatInterval).count() *
                             kSilentAfterIntervals;
    return static_cast<std::int64_t>(s.msSinceBeat) > silentAfter ? cluster::BoardPeerView::Silent
                                                                    : cluster::BoardPeerView::Alive;
}

} // namespace

void ClusterCoordinator::attachBoard(BoardLinkSink& board)
{
    board_ = &board;
    board.setBoardListener([this](const boardlink::BoardEvent& e) { onBoardEvent(e); });
}

std::string ClusterCoordinator::boardHostName(icd::HostId host) const
{
    const cluster::NodeId id = arbiter_.nodeOfBoardHost(host);
    const std::string name = id ? nodeName(id) : std::string();
    return name.empty() ? "host " + std::to_string(host) : name + " (host " + std::to_string(host) + ")";
}

void ClusterCoordinator::fenceThroughBoard(const cluster::FenceThroughBoard& request)
{
    log::warning("cluster: asking the independent computer to fence node " + request.nodeName + " (host " +
                 std::to_string(request.boardHost) + "; " + std::to_string(request.activeCount) +
                 " active paired halves here)");
    const std::string unsent = board_ ? board_->fencePeer(request.boardHost, request.activeCount)
                                      : std::string("no [IndependentComputer] on this node");
    if (!unsent.empty())
        handle(arbiter_.onBoardFenceFailed(request.node, unsent));
}

void ClusterCoordinator::onBoardEvent(const boardlink::BoardEvent& event)
{
    std::visit(Overloaded{
                   [&](const boardlink::FenceAbility& a) {
                       // Only a loss is worth a warning; not having a session yet at start is not.
                       const bool lost = !a.canFence && std::exchange(boardCanFence_, a.canFence);
                       boardCanFence_ = a.canFence;
                       (lost ? log::warning : log::info)(
                           std::string("cluster: the independent computer ") +
                           (a.canFence ? "fences lost peers on request" : "cannot fence lost peers now") +
                           (a.why.empty() ? "" : " (" + a.why + ")"));
                       handle(arbiter_.onBoardAbility(a.canFence, a.why));
                   },
                   [&](const boardlink::FenceAnswer& a) { boardAnswered(a); },
                   [&](const icd::PeerNotice& n) { boardNotice(n); },
                   [&](const icd::PeerStatus& s) {
                       const cluster::NodeId node = arbiter_.nodeOfBoardHost(s.target);
                       const Duration interval = config_.get().manager.independentComputer
                                                     ? config_.get().manager.independentComputer->heartbeatInterval
                                                     : IndependentComputerSpec{}.heartbeatInterval;
                       if (node)
                           boardPeer(node, viewOf(s, interval));
                   },
               },
               event);
    viewWork_.trigger();
}

void ClusterCoordinator::boardAnswered(const boardlink::FenceAnswer& a)
{
    const cluster::NodeId node = arbiter_.nodeOfBoardHost(a.target);
    using Result = boardlink::FenceAnswer::Result;
    switch (a.result) {
    case Result::Granted:
        log::info("cluster: the independent computer fences " + boardHostName(a.target) + "; waiting for its off");
        break;
    case Result::Refused:
        log::warning("cluster: the independent computer refused to fence " + boardHostName(a.target) +
                     ": this node lost the tie-break or is being fenced; every paired half here becomes standby");
        handle(arbiter_.onFenceRefused(node));
        break;
    case Result::CannotFence:
        break;  // FenceAbility follows
    case Result::Failed:
        if (node)
            handle(arbiter_.onBoardFenceFailed(node, a.text));
        break;
    }
}

// Acted on once per notice id (the board link sees to that).
void ClusterCoordinator::boardNotice(const icd::PeerNotice& n)
{
    const auto& board = config_.get().manager.independentComputer;
    const bool aboutMe = board && board->hostId == n.peer;
    if (aboutMe) {
        if (n.event == icd::PeerEvent::Fencing) {
            const std::string by = n.by ? boardHostName(n.by) : std::string();
            log::warning("cluster: the independent computer is fencing this node" + (by.empty() ? "" : " (asked by " + by + ")") +
                         "; every paired half here becomes standby");
            handle(arbiter_.onBeingFenced(by));
        }
        return;
    }
    const cluster::NodeId node = arbiter_.nodeOfBoardHost(n.peer);
    if (!node) {
        log::info("cluster: the independent computer's notice about host " + std::to_string(n.peer) +
                  " names no node of this cluster");
        return;
    }
    switch (n.event) {
    case icd::PeerEvent::Fencing: boardPeer(node, cluster::BoardPeerView::Fencing); break;
    case icd::PeerEvent::Off:
        log::warning("cluster: the independent computer confirmed " + boardHostName(n.peer) + " off");
        handle(arbiter_.onBoardFenced(node));
        peers_.onBoardPeer(node, cluster::BoardPeerView::Off);
        break;
    case icd::PeerEvent::On: boardPeer(node, cluster::BoardPeerView::Unknown); break;
    }
}

void ClusterCoordinator::askBoard(cluster::NodeId node)
{
    std::uint8_t host = 0;
    for (const cluster::NodeView& n : arbiter_.nodes())
        if (n.id == node)
            host = n.boardHost;
    const std::string name = nodeName(node);
    if (!board_ || !host) {
        log::debug("cluster: no board to ask about node " + (name.empty() ? std::to_string(node) : name) +
                   (board_ ? " (its report gives no board host id)" : " (no [IndependentComputer] here)"));
        return;
    }
    log::info("cluster: asking the independent computer how it sees " + boardHostName(host));
    if (const std::string unsent = board_->queryPeer(host); !unsent.empty())
        log::warning("cluster: cannot ask the independent computer about " + boardHostName(host) + ": " + unsent);
}

void ClusterCoordinator::boardPeer(cluster::NodeId node, cluster::BoardPeerView view)
{
    handle(arbiter_.onBoardPeer(node, view));
    peers_.onBoardPeer(node, view);
}

} // namespace pgmd
