#include "board_link_session.hpp"

#include "protocol/messages.hpp"

#include <algorithm>

namespace pgmd::boardlink {

namespace {

// Enough to name the answers that can still arrive: the board answers
// within a tick, and a resent request keeps its seq.
constexpr std::size_t kRememberedPurposes = 16;

const char* purposeName(int purpose)
{
    static constexpr const char* kNames[] = {"heartbeat",     "power-cycle request", "status query", "disarm",
                                             "expect-reboot", "fence request",       "peer query",
                                             "notice ack"};
    return kNames[purpose];
}

// What the board is told when pgmd stops, and what the journal says about it.
struct StopNotice {
    icd::HostRequest request;
    const char* sent;
    const char* unsent;
};

const StopNotice& stopNotice(StopReason reason)
{
    static const StopNotice kShutdown{
        icd::Disarm{}, "disarming the independent computer (DISARM): clean shutdown, heartbeats stop",
        "cannot disarm the independent computer: no session with it; it will act on the missing heartbeats"};
    static const StopNotice kReboot{
        icd::ExpectReboot{},
        "announcing the reboot to the independent computer (EXPECT_REBOOT): heartbeats stop and must start "
        "again within its boot grace, or it power-cycles this host",
        "cannot announce the reboot to the independent computer: no session with it; it will act on the missing "
        "heartbeats"};
    return reason == StopReason::Reboot ? kReboot : kShutdown;
}

std::string statusText(const icd::StatusReply& s)
{
    std::string text = std::string(icd::boardStateName(s.state)) + ", " + std::to_string(s.cyclesInWindow) +
                       "/" + std::to_string(s.cycleLimit) + " cycles in window, " +
                       std::to_string(s.totalCycles) + " in total, last action " +
                       std::string(icd::powerActionName(s.lastAction));
    if (s.lastAction != icd::PowerAction::None) {
        text += " (" + std::string(icd::actionReasonName(s.lastActionReason));
        if (s.secondsSinceLastAction != icd::kNeverActed)
            text += ", " + std::to_string(s.secondsSinceLastAction) + "s ago";
        text += ")";
    }
    return text;
}

} // namespace

BoardLinkSession::BoardLinkSession(icd::HostId host, icd::Key key, const Clock& clock, Send send, Listener listener,
                   NonceSource nonces)
    : session_(host, std::move(key)), clock_(clock), send_(std::move(send)), listener_(std::move(listener)),
      nonces_(std::move(nonces))
{
}

void BoardLinkSession::start()
{
    hello("starting");
}

void BoardLinkSession::hello(const std::string& why)
{
    auto nonce = nonces_();
    if (!nonce) {
        emit(LinkEvent::Kind::Problem, LinkEvent::Level::Error,
             "cannot start a session with the independent computer: no random nonce");
        helloFrame_.clear();
        setState(LinkState::Down, "no random nonce");
        return;
    }
    icd::Sealed hello = session_.hello(*nonce);
    if (!hello.ok()) {
        emit(LinkEvent::Kind::Problem, LinkEvent::Level::Error,
             "cannot seal a HELLO: " + std::string(icd::sealErrorName(hello.error)));
        helloFrame_.clear();
        setState(LinkState::Down, "cannot seal a HELLO");
        return;
    }
    helloFrame_ = std::move(hello.frame);
    helloSends_ = 1;
    unansweredBeats_ = 0;
    purposes_.clear();
    if (cycle_) {
        cycle_->sent.reset(); // sealed under the old session: seal again under the new one
        cycle_->seqs.clear();
    }
    for (auto& [target, fence] : fences_)
        fence.sent.reset();
    setState(LinkState::Connecting, why);
    send_(helloFrame_);
}

void BoardLinkSession::tick()
{
    if (stop_)
        return;
    if (session_.state() != icd::HostSession::State::Established) {
        if (helloFrame_.empty() || helloSends_ >= kHelloResends) {
            hello(helloFrame_.empty() ? "retrying" : "no HELLO_ACK to " + std::to_string(helloSends_) + " HELLOs");
            return;
        }
        ++helloSends_;
        send_(helloFrame_);
        return;
    }
    if (unansweredBeats_ >= kUnansweredBeforeRehello) {
        hello("no answer to " + std::to_string(unansweredBeats_) + " heartbeats");
        return;
    }
    if (sendRequest(icd::Heartbeat{}, Purpose::Heartbeat)) {
        ++heartbeatsSent_;
        ++unansweredBeats_;
    }
    sendPendingCycle();
    sendPendingFences();
}

std::optional<icd::Sealed> BoardLinkSession::sendRequest(const icd::HostRequest& request, Purpose purpose)
{
    icd::Sealed sealed = session_.seal(request);
    switch (sealed.error) {
    case icd::SealError::None: break;
    case icd::SealError::NoSession: return std::nullopt;
    case icd::SealError::SeqExhausted:
        if (!stop_)
            hello("every sequence number of the session is spent");
        return std::nullopt;
    case icd::SealError::Crypto:
        emit(LinkEvent::Kind::Problem, LinkEvent::Level::Error,
             std::string("cannot seal a ") + purposeName(static_cast<int>(purpose)) + ": MAC failed");
        return std::nullopt;
    }
    purposes_[sealed.seq] = purpose;
    while (purposes_.size() > kRememberedPurposes)
        purposes_.erase(purposes_.begin());
    send_(sealed.frame);
    return sealed;
}

void BoardLinkSession::sendPendingCycle()
{
    if (!cycle_ || session_.state() != icd::HostSession::State::Established)
        return;
    // A copy resent unchanged covers a lost answer: the board answers a copy
    // of a request it acted on. But a request lost on its way is never
    // answered: once a later heartbeat has reached the board, it takes every
    // copy under the older seq for a replay. So after a few unanswered
    // copies the request is sealed again, under a new seq.
    if (cycle_->sent && cycle_->copies >= kCycleCopies)
        cycle_->sent.reset();
    if (!cycle_->sent) {
        icd::Sealed sealed = session_.seal(icd::RequestCycle{cycle_->reason});
        if (!sealed.ok())
            return; // the next tick renews the session, then it is sealed again
        cycle_->sent = sealed;
        cycle_->copies = 0;
        cycle_->seqs.push_back(sealed.seq);
    }
    ++cycle_->copies;
    purposes_[cycle_->sent->seq] = Purpose::Cycle;
    send_(cycle_->sent->frame);
}

void BoardLinkSession::onBytes(icd::ByteView chunk)
{
    for (const icd::Bytes& body : reader_.feed(chunk))
        onMessage(session_.open(body));
}

void BoardLinkSession::onMessage(const icd::Outcome& outcome)
{
    if (stop_ && outcome.session == icd::SessionEvent::Lost) {
        // A new session now would have the board watch a host that is going away.
        emit(LinkEvent::Kind::Problem, LinkEvent::Level::Warning,
             "the independent computer holds no session of this host while pgmd stops: it did not get the "
             "request and will act on the missing heartbeats");
        stop_->answered = true;
        return;
    }
    if (outcome.session == icd::SessionEvent::Lost) {
        notices_.clear();  // a restarted board numbers its notices from 1 again
        hello("the board holds no session of this host (it restarted?)");
        return;
    }
    if (outcome.session == icd::SessionEvent::Established) {
        if (stop_)
            return; // left pending on the board: its first request would arm the host again
        // The board puts the session in use on its first request: send one now.
        if (sendRequest(icd::Heartbeat{}, Purpose::Heartbeat)) {
            ++heartbeatsSent_;
            ++unansweredBeats_;
        }
        sendPendingCycle();
        sendPendingFences();
        return;
    }
    if (!outcome.accepted())
        return; // counted by the session
    const icd::Payload& payload = outcome.message->payload;
    // A notice answers no request: it says the board is there, not that it
    // heard the heartbeats.
    if (const auto* notice = std::get_if<icd::PeerNotice>(&payload)) {
        setState(LinkState::Up, "the board sends notices");
        onNotice(*notice);
        return;
    }
    unansweredBeats_ = 0;
    setState(LinkState::Up, "the board answers");
    if (const auto* ack = std::get_if<icd::Ack>(&payload))
        onReply(ack->seq, std::nullopt);
    else if (const auto* nak = std::get_if<icd::Nak>(&payload))
        onReply(nak->seq, nak->reason);
    else if (const auto* status = std::get_if<icd::StatusReply>(&payload))
        onStatus(*status);
    else if (const auto* peer = std::get_if<icd::PeerStatus>(&payload))
        tell(*peer);
}

void BoardLinkSession::onReply(std::uint32_t seq, std::optional<icd::NakReason> refusal)
{
    auto found = purposes_.find(seq);
    const std::string what =
        found == purposes_.end() ? "request" : purposeName(static_cast<int>(found->second));
    // "ACK disarm (seq 12)", "NAK power-cycle request (seq 13): limit"
    const bool nak = refusal.has_value();
    const std::string why = nak ? ": " + std::string(icd::nakReasonName(*refusal)) : "";
    const std::string text = (nak ? "NAK " : "ACK ") + what + " (seq " + std::to_string(seq) + ")" + why;
    const std::string previous = std::exchange(lastReply_, text);
    lastReplyAt_ = clock_.now();
    if (found == purposes_.end())
        return;

    switch (found->second) {
    case Purpose::Heartbeat:
        // Every tick answers one: only a NAK is news, and only once per reason.
        if (nak && !(previous.starts_with("NAK heartbeat ") && previous.ends_with(why)))
            emit(LinkEvent::Kind::Reply, LinkEvent::Level::Warning, "the board refuses heartbeats: " + text);
        break;
    case Purpose::Cycle:
        // The answer to any seq the pending request went out under.
        if (cycle_ && std::find(cycle_->seqs.begin(), cycle_->seqs.end(), seq) != cycle_->seqs.end()) {
            emit(LinkEvent::Kind::Reply, nak ? LinkEvent::Level::Error : LinkEvent::Level::Warning,
                 nak ? "the board refused to power-cycle this host: " + text
                     : "the board accepted to power-cycle this host: " + text);
            cycle_.reset();
        }
        break;
    case Purpose::Status:
        emit(LinkEvent::Kind::Reply, nak ? LinkEvent::Level::Warning : LinkEvent::Level::Info,
             "the board answered: " + text);
        break;
    case Purpose::Disarm:
    case Purpose::ExpectReboot:
        onStopAnswer(seq, found->second, refusal, text);
        break;
    case Purpose::FencePeer:
        onFenceAnswer(seq, refusal, text);
        break;
    case Purpose::NoticeAck:
    case Purpose::PeerQuery:
        if (nak)
            emit(LinkEvent::Kind::Reply, LinkEvent::Level::Warning, "the board answered: " + text);
        break;
    }
}

void BoardLinkSession::onStopAnswer(std::uint32_t seq, Purpose purpose, std::optional<icd::NakReason> refusal,
                            const std::string& text)
{
    const bool current = stop_ && stop_->sent && stop_->sent->seq == seq;
    if (current && stop_->answered)
        return; // the answer to a resent copy: told once
    emit(LinkEvent::Kind::Reply, refusal ? LinkEvent::Level::Warning : LinkEvent::Level::Info,
         "the board answered: " + text);
    if (!current)
        return;
    stop_->answered = true;
    if (purpose == Purpose::ExpectReboot && refusal == icd::NakReason::UnknownType) {
        // Left armed, an older board would power-cycle the host in the middle of its reboot.
        emit(LinkEvent::Kind::Problem, LinkEvent::Level::Warning,
             "the independent computer does not know EXPECT_REBOOT (an older pgm-icd): disarming it instead");
        announceStop(StopReason::Shutdown);
    }
}

void BoardLinkSession::onStatus(const icd::StatusReply& status)
{
    boardState_ = icd::boardStateName(status.state);
    lastReply_ = "STATUS_REPLY " + statusText(status) + " (seq " + std::to_string(status.inReplyTo) + ")";
    lastReplyAt_ = clock_.now();
    emit(LinkEvent::Kind::BoardStatus, LinkEvent::Level::Info, "independent computer: " + statusText(status));
}

bool BoardLinkSession::disarm()
{
    return announceStop(StopReason::Shutdown);
}

bool BoardLinkSession::expectReboot()
{
    return announceStop(StopReason::Reboot);
}

bool BoardLinkSession::announceStop(StopReason reason)
{
    const StopNotice& notice = stopNotice(reason);
    const Purpose purpose = reason == StopReason::Reboot ? Purpose::ExpectReboot : Purpose::Disarm;
    stop_ = PendingStop{};
    stop_->sent = sendRequest(notice.request, purpose);
    if (!stop_->sent) {
        emit(LinkEvent::Kind::Problem, LinkEvent::Level::Warning, notice.unsent);
        return false;
    }
    emit(LinkEvent::Kind::Reply, LinkEvent::Level::Info, notice.sent);
    return true;
}

bool BoardLinkSession::stopSettled() const
{
    return !stop_ || !stop_->sent || stop_->answered;
}

void BoardLinkSession::resendStop()
{
    if (!stopSettled())
        send_(stop_->sent->frame);
}

void BoardLinkSession::requestCycle(icd::RequestReason reason, std::string why)
{
    emit(LinkEvent::Kind::Reply, LinkEvent::Level::Error,
         "asking the independent computer to power-cycle this host (" +
             std::string(icd::requestReasonName(reason)) + "): " + why);
    cycle_ = PendingCycle{reason, std::move(why), std::nullopt};
    if (session_.state() == icd::HostSession::State::Established)
        sendPendingCycle();
    else if (helloFrame_.empty())
        hello("a power-cycle request is waiting");
}

bool BoardLinkSession::queryStatus()
{
    return sendRequest(icd::StatusQuery{}, Purpose::Status).has_value();
}

LinkSnapshot BoardLinkSession::snapshot() const
{
    LinkSnapshot s;
    s.state = state_;
    s.lastReply = lastReply_;
    s.lastReplyAt = lastReplyAt_;
    s.heartbeatsSent = heartbeatsSent_;
    s.boardState = boardState_;
    s.canFence = canFence();
    icd::Counters all = reader_.counters();
    all += session_.counters();
    s.counters["accepted"] = all.accepted();
    for (std::size_t i = 0; i < icd::kDropReasonCount; ++i) {
        const auto reason = static_cast<icd::DropReason>(i);
        s.counters[std::string(icd::dropReasonName(reason))] = all.dropped(reason);
    }
    return s;
}

void BoardLinkSession::setState(LinkState next, const std::string& why)
{
    if (next == state_)
        return;
    const LinkState from = std::exchange(state_, next);
    tellAbility(why);
    const bool worse = from == LinkState::Up || next == LinkState::Down;
    emit(LinkEvent::Kind::StateChanged, worse ? LinkEvent::Level::Warning : LinkEvent::Level::Info,
         std::string("link to the independent computer ") + toString(from) + " -> " + toString(next) + ": " + why);
}

void BoardLinkSession::emit(LinkEvent::Kind kind, LinkEvent::Level level, std::string message)
{
    if (listener_)
        listener_(LinkEvent{kind, level, std::move(message)});
}

} // namespace pgmd::boardlink
