#include "link_translation.hpp"

#include <algorithm>
#include <limits>

namespace icd::daemon {

namespace board = icd::board;

std::optional<board::Event> boardEventOf(const Payload& request)
{
    if (std::holds_alternative<Heartbeat>(request))
        return board::Heartbeat{};
    if (auto* cycle = std::get_if<RequestCycle>(&request))
        return board::RequestCycle{"host request: " + std::string(requestReasonName(cycle->reason))};
    if (auto* off = std::get_if<RequestOff>(&request))
        return board::RequestOff{"host request: " + std::string(requestReasonName(off->reason))};
    if (std::holds_alternative<Disarm>(request))
        return board::Disarm{};
    if (std::holds_alternative<ExpectReboot>(request))
        return board::ExpectReboot{};
    return std::nullopt;
}

namespace {

NakReason nakReasonOf(board::Refusal refusal)
{
    switch (refusal) {
    case board::Refusal::NotArmed: return NakReason::NotArmed;
    case board::Refusal::Busy: return NakReason::Busy;
    case board::Refusal::Latched: return NakReason::Latched;
    case board::Refusal::LimitReached: return NakReason::Limit;
    case board::Refusal::NotLatched: return NakReason::NotLatched;
    case board::Refusal::UnknownHost: return NakReason::UnknownHost;
    case board::Refusal::Refused: return NakReason::Refused;
    case board::Refusal::NotPeer: return NakReason::NotPeer;
    // Not a refusal: answerOf() sends an ACK for it. Should a refusal ever
    // come without its reason, "not permitted" at least says no.
    case board::Refusal::None: break;
    }
    return NakReason::NotPermitted;
}

BoardState wireState(board::HostState state)
{
    switch (state) {
    case board::HostState::Disarmed: return BoardState::Disarmed;
    case board::HostState::Grace: return BoardState::Grace;
    case board::HostState::Armed: return BoardState::Armed;
    case board::HostState::Cycling: return BoardState::Cycling;
    case board::HostState::OffLatched: return BoardState::OffLatched;
    }
    return BoardState::Disarmed;
}

PowerAction wireAction(board::LastActionKind kind)
{
    switch (kind) {
    case board::LastActionKind::PowerCycle: return PowerAction::Cycle;
    case board::LastActionKind::PowerOff: return PowerAction::Off;
    // Not power actions: STATUS_REPLY says "none", with the cause and the time.
    case board::LastActionKind::ClearLatch:
    case board::LastActionKind::ExpectReboot:
    case board::LastActionKind::Disarm:
    case board::LastActionKind::None: break;
    }
    return PowerAction::None;
}

ActionReason wireReason(board::ActionCause cause)
{
    switch (cause) {
    case board::ActionCause::HeartbeatTimeout: return ActionReason::HeartbeatTimeout;
    case board::ActionCause::HostRequest: return ActionReason::HostRequest;
    case board::ActionCause::CycleLimit: return ActionReason::CycleLimit;
    case board::ActionCause::Operator: return ActionReason::Operator;
    case board::ActionCause::FenceRequest: return ActionReason::FenceRequest;
    case board::ActionCause::None: break;
    }
    return ActionReason::None;
}

// Only what the relay confirmed: switching either way is not known yet.
PeerPower wirePower(board::PowerState power)
{
    switch (power) {
    case board::PowerState::On: return PeerPower::On;
    case board::PowerState::Off: return PeerPower::Off;
    case board::PowerState::Unknown:
    case board::PowerState::SwitchingOff:
    case board::PowerState::SwitchingOn: break;
    }
    return PeerPower::Unknown;
}

PeerEvent wireEvent(board::NoticeEvent event)
{
    switch (event) {
    case board::NoticeEvent::Fencing: return PeerEvent::Fencing;
    case board::NoticeEvent::Off: return PeerEvent::Off;
    case board::NoticeEvent::On: return PeerEvent::On;
    }
    return PeerEvent::Off;
}

template <class T>
T saturated(std::uint64_t value)
{
    return static_cast<T>(std::min<std::uint64_t>(value, std::numeric_limits<T>::max()));
}

} // namespace

BoardReply answerOf(std::uint32_t requestSeq, const board::Reply& reply)
{
    if (reply.accepted)
        return Ack{requestSeq};
    return Nak{requestSeq, nakReasonOf(reply.refusal)};
}

BoardReply answerOf(const board::FenceAnswer& answer)
{
    return answerOf(answer.token, board::Reply{answer.requester, answer.accepted, answer.refusal, answer.detail});
}

PeerStatus peerStatusOf(std::uint32_t querySeq, HostId target, const board::PeerView& view)
{
    PeerStatus status{querySeq, target, wireState(view.state), kNeverBeat, wirePower(view.power)};
    if (view.sinceHeard) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*view.sinceHeard).count();
        // 0xFFFFFFFF means "never": a real figure stops one below it.
        status.msSinceBeat = std::min<std::uint64_t>(static_cast<std::uint64_t>(std::max<std::int64_t>(ms, 0)),
                                                     kNeverBeat - 1);
    }
    return status;
}

PeerNotice peerNoticeOf(const board::Notice& notice, HostId peer, HostId by)
{
    return PeerNotice{notice.id, peer, wireEvent(notice.event), wireReason(notice.cause), by};
}

StatusReply statusReplyOf(const StatusInputs& in)
{
    const board::HostWatch& watch = *in.watch;
    const board::LastAction& last = watch.lastAction();
    StatusReply reply;
    reply.inReplyTo = in.querySeq;
    reply.state = wireState(watch.state());
    reply.cyclesInWindow = saturated<std::uint8_t>(in.cyclesInWindow);
    reply.cycleLimit = saturated<std::uint8_t>(watch.config().cycles.burst);
    reply.lastAction = wireAction(last.kind);
    reply.lastActionReason = wireReason(last.cause);
    if (last.kind != board::LastActionKind::None) {
        const auto since = std::chrono::duration_cast<std::chrono::seconds>(in.now - last.at).count();
        // A clock stepped back makes the action look future: call it "just now".
        reply.secondsSinceLastAction = saturated<std::uint32_t>(since < 0 ? 0 : static_cast<std::uint64_t>(since));
        if (reply.secondsSinceLastAction == kNeverActed)
            reply.secondsSinceLastAction = kNeverActed - 1;
    }
    reply.totalCycles = saturated<std::uint32_t>(watch.counters().powerCycles);
    reply.framesAccepted = saturated<std::uint32_t>(in.link.accepted());
    reply.framesDropped = saturated<std::uint32_t>(in.link.droppedTotal());
    return reply;
}

} // namespace icd::daemon
