#include "messages.hpp"

#include <array>

namespace icd {

namespace {

// Widens a HostRequest or BoardReply alternative to a Payload.
struct ToPayload {
    template <typename Alternative>
    Payload operator()(const Alternative& alternative) const { return alternative; }
};

// Names indexed by enum value; an out-of-range value reads as "invalid" so a
// log line never indexes past a table.
template <std::size_t N>
std::string_view lookup(const std::array<std::string_view, N>& names, std::size_t index)
{
    return index < N ? names[index] : std::string_view("invalid");
}

} // namespace

MessageType typeOf(const Payload& payload)
{
    return static_cast<MessageType>(payload.index() + 1);
}

Payload toPayload(const HostRequest& request)
{
    return std::visit(ToPayload{}, request);
}

Payload toPayload(const BoardReply& reply)
{
    return std::visit(ToPayload{}, reply);
}

bool isHostRequest(MessageType type)
{
    switch (type) {
    case MessageType::Heartbeat:
    case MessageType::RequestCycle:
    case MessageType::RequestOff:
    case MessageType::StatusQuery:
    case MessageType::Disarm:
    case MessageType::ClearLatch:
    case MessageType::ExpectReboot:
    case MessageType::FencePeer:
    case MessageType::NoticeAck:
    case MessageType::PeerQuery:
        return true;
    default:
        return false;
    }
}

bool isBoardReply(MessageType type)
{
    return type == MessageType::Ack || type == MessageType::Nak || type == MessageType::StatusReply ||
           type == MessageType::PeerStatus;
}

bool isBoardNotice(MessageType type)
{
    return type == MessageType::PeerNotice;
}

std::uint32_t answeredSeq(const BoardReply& reply)
{
    struct Visitor {
        std::uint32_t operator()(const Ack& m) const { return m.seq; }
        std::uint32_t operator()(const Nak& m) const { return m.seq; }
        std::uint32_t operator()(const StatusReply& m) const { return m.inReplyTo; }
        std::uint32_t operator()(const PeerStatus& m) const { return m.inReplyTo; }
    };
    return std::visit(Visitor{}, reply);
}

std::string_view messageTypeName(MessageType type)
{
    static constexpr std::array<std::string_view, kLastMessageType + 1> names = {
        "invalid", "hello", "hello-ack", "heartbeat", "request-cycle", "request-off", "status-query",
        "status-reply", "disarm", "clear-latch", "ack", "nak", "nak-no-session", "expect-reboot", "fence-peer",
        "peer-notice", "notice-ack", "peer-query", "peer-status",
    };
    return lookup(names, static_cast<std::size_t>(type));
}

std::string_view requestReasonName(RequestReason reason)
{
    static constexpr std::array<std::string_view, 4> names = {
        "invalid", "reboot-budget-spent", "unrecoverable", "operator",
    };
    return lookup(names, static_cast<std::size_t>(reason));
}

std::string_view boardStateName(BoardState state)
{
    static constexpr std::array<std::string_view, 5> names = {
        "disarmed", "grace", "armed", "cycling", "off-latched",
    };
    return lookup(names, static_cast<std::size_t>(state));
}

std::string_view powerActionName(PowerAction action)
{
    static constexpr std::array<std::string_view, 3> names = {"none", "cycle", "off"};
    return lookup(names, static_cast<std::size_t>(action));
}

std::string_view actionReasonName(ActionReason reason)
{
    static constexpr std::array<std::string_view, 6> names = {
        "none", "heartbeat-timeout", "host-request", "cycle-limit", "operator", "fence-request",
    };
    return lookup(names, static_cast<std::size_t>(reason));
}

std::string_view nakReasonName(NakReason reason)
{
    static constexpr std::array<std::string_view, 12> names = {
        "invalid", "latched", "limit", "not-armed", "unknown-type", "busy", "not-permitted", "malformed",
        "not-latched", "unknown-host", "refused", "not-peer",
    };
    return lookup(names, static_cast<std::size_t>(reason));
}

std::string_view peerEventName(PeerEvent event)
{
    static constexpr std::array<std::string_view, 4> names = {"invalid", "fencing", "off", "on"};
    return lookup(names, static_cast<std::size_t>(event));
}

std::string_view peerPowerName(PeerPower power)
{
    static constexpr std::array<std::string_view, 3> names = {"unknown", "on", "off"};
    return lookup(names, static_cast<std::size_t>(power));
}

} // namespace icd
