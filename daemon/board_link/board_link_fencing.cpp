// BoardLinkSession, fencing through the board: FENCE_PEER resent until
// answered, PEER_NOTICE acknowledged and handed on once per id, PEER_QUERY,
// and whether this board fences on request (board_link_session.hpp).

#include "board_link_session.hpp"

#include <algorithm>

namespace pgmd::boardlink {

namespace {

// Notice ids remembered; the board keeps at most one unacknowledged notice
// per peer, so a copy is never older than a handful of notices.
constexpr std::size_t kRememberedNotices = 256;

std::string noticeText(const icd::PeerNotice& n)
{
    std::string text = "independent computer: host " + std::to_string(n.peer) + " " +
                       std::string(icd::peerEventName(n.event)) + " (" +
                       std::string(icd::actionReasonName(n.reason));
    if (n.by != 0)
        text += ", asked by host " + std::to_string(n.by);
    return text + ", notice " + std::to_string(n.id) + ")";
}

} // namespace

void BoardLinkSession::setBoardListener(BoardEventListener listener)
{
    boardListener_ = std::move(listener);
    toldCanFence_ = canFence();
    tell(FenceAbility{toldCanFence_, toldCanFence_ ? "the link is up" : "no session with the board"});
}

void BoardLinkSession::tell(const BoardEvent& event)
{
    if (boardListener_)
        boardListener_(event);
}

void BoardLinkSession::tellAbility(const std::string& why)
{
    if (canFence() == toldCanFence_)
        return;
    toldCanFence_ = canFence();
    tell(FenceAbility{toldCanFence_, why});
}

void BoardLinkSession::fencePeer(icd::HostId target, std::uint16_t activeGroups)
{
    if (stop_)
        return;
    // The cluster's journal line names the node; the answer is logged here.
    fences_[target] = PendingFence{activeGroups, std::nullopt};
    if (session_.state() == icd::HostSession::State::Established)
        sendPendingFences();
    else if (helloFrame_.empty())
        hello("a fence request is waiting");
}

// Each unanswered request, sealed once per session and resent as the same
// bytes: the board answers a copy it already decided on again, and drops a
// copy of one it is still deciding on (FenceRaceWindow=).
void BoardLinkSession::sendPendingFences()
{
    if (session_.state() != icd::HostSession::State::Established)
        return;
    for (auto& [target, fence] : fences_) {
        if (!fence.sent) {
            icd::Sealed sealed = session_.seal(icd::FencePeer{target, fence.activeGroups});
            if (!sealed.ok())
                return; // the next tick renews the session, then it is sealed again
            fence.sent = sealed;
        }
        purposes_[fence.sent->seq] = Purpose::FencePeer;
        send_(fence.sent->frame);
    }
}

void BoardLinkSession::onFenceAnswer(std::uint32_t seq, std::optional<icd::NakReason> refusal,
                                     const std::string& text)
{
    auto it = std::find_if(fences_.begin(), fences_.end(),
                           [&](const auto& entry) { return entry.second.sent && entry.second.sent->seq == seq; });
    if (it == fences_.end())
        return; // the answer to a copy, or to a request replaced since
    const icd::HostId target = it->first;
    fences_.erase(it);
    using Result = FenceAnswer::Result;
    Result result = Result::Failed;
    if (!refusal)
        result = Result::Granted;
    else if (*refusal == icd::NakReason::Refused)
        result = Result::Refused;
    else if (*refusal == icd::NakReason::UnknownType)
        result = Result::CannotFence;
    emit(LinkEvent::Kind::Reply, result == Result::Granted ? LinkEvent::Level::Info : LinkEvent::Level::Warning,
         "the board answered the fence request of host " + std::to_string(target) + ": " + text);
    if (result == Result::CannotFence && !cannotFence_) {
        cannotFence_ = true;
        emit(LinkEvent::Kind::Problem, LinkEvent::Level::Warning,
             "the independent computer does not know FENCE_PEER (an older pgm-icd): it cannot fence this host's "
             "peers; FenceCommand= is used where set, else lost peers are not taken over");
        // Nothing else will be granted: the rest would only be refused again.
        fences_.clear();
    }
    tell(FenceAnswer{target, result, text});
    tellAbility("the board answers FENCE_PEER with NAK unknown-type");
}

// Acknowledged every time (the board sends it again until it hears the
// ack); handed on only the first time its id is seen.
void BoardLinkSession::onNotice(const icd::PeerNotice& notice)
{
    if (stop_)
        return;  // pgmd is going: nothing acts on it, and only the stop request goes out
    sendRequest(icd::NoticeAck{notice.id}, Purpose::NoticeAck);
    if (!notices_.insert(notice.id).second)
        return;
    while (notices_.size() > kRememberedNotices)
        notices_.erase(notices_.begin());
    emit(LinkEvent::Kind::BoardStatus,
         notice.event == icd::PeerEvent::On ? LinkEvent::Level::Info : LinkEvent::Level::Warning, noticeText(notice));
    tell(notice);
}

bool BoardLinkSession::queryPeer(icd::HostId target)
{
    return sendRequest(icd::PeerQuery{target}, Purpose::PeerQuery).has_value();
}

} // namespace pgmd::boardlink
