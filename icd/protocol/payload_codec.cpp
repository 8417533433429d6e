#include "payload_codec.hpp"

namespace icd {

namespace {

// The lowest and highest value of each enum that is valid on the wire.
template <typename Enum>
struct EnumRange;
template <>
struct EnumRange<RequestReason> {
    static constexpr std::uint8_t first = 1, last = 3;
};
template <>
struct EnumRange<BoardState> {
    static constexpr std::uint8_t first = 0, last = 4;
};
template <>
struct EnumRange<PowerAction> {
    static constexpr std::uint8_t first = 0, last = 2;
};
template <>
struct EnumRange<ActionReason> {
    static constexpr std::uint8_t first = 0, last = static_cast<std::uint8_t>(ActionReason::FenceRequest);
};
template <>
struct EnumRange<PeerEvent> {
    static constexpr std::uint8_t first = 1, last = static_cast<std::uint8_t>(PeerEvent::On);
};
template <>
struct EnumRange<PeerPower> {
    static constexpr std::uint8_t first = 0, last = static_cast<std::uint8_t>(PeerPower::Off);
};
template <>
struct EnumRange<NakReason> {
    static constexpr std::uint8_t first = 1, last = static_cast<std::uint8_t>(NakReason::NotPeer);
};

// Reads an enum field; an unknown value fails the whole decode.
template <typename Enum>
Enum readEnum(std::uint8_t raw, bool& valid)
{
    if (raw < EnumRange<Enum>::first || raw > EnumRange<Enum>::last)
        valid = false;
    return static_cast<Enum>(raw);
}

template <typename Enum>
std::uint8_t raw(Enum value)
{
    return static_cast<std::uint8_t>(value);
}

struct Encoder {
    Bytes& out;

    void operator()(const Hello& m) { appendBytes(out, m.hostNonce); }
    void operator()(const HelloAck& m)
    {
        appendBytes(out, m.hostNonce);
        appendBytes(out, m.boardNonce);
    }
    void operator()(const Heartbeat&) {}
    void operator()(const RequestCycle& m) { out.push_back(raw(m.reason)); }
    void operator()(const RequestOff& m) { out.push_back(raw(m.reason)); }
    void operator()(const StatusQuery&) {}
    void operator()(const StatusReply& m)
    {
        appendU32le(out, m.inReplyTo);
        out.push_back(raw(m.state));
        out.push_back(m.cyclesInWindow);
        out.push_back(m.cycleLimit);
        out.push_back(raw(m.lastAction));
        out.push_back(raw(m.lastActionReason));
        appendU32le(out, m.secondsSinceLastAction);
        appendU32le(out, m.totalCycles);
        appendU32le(out, m.framesAccepted);
        appendU32le(out, m.framesDropped);
    }
    void operator()(const Disarm&) {}
    void operator()(const ClearLatch& m) { out.push_back(m.target); }
    void operator()(const Ack& m) { appendU32le(out, m.seq); }
    void operator()(const Nak& m)
    {
        appendU32le(out, m.seq);
        out.push_back(raw(m.reason));
    }
    void operator()(const NakNoSession& m)
    {
        appendU32le(out, m.rejectedSeq);
        appendBytes(out, m.rejectedTag);
    }
    void operator()(const ExpectReboot&) {}
    void operator()(const FencePeer& m)
    {
        out.push_back(m.target);
        appendU16le(out, m.activeGroups);
    }
    void operator()(const PeerNotice& m)
    {
        appendU32le(out, m.id);
        out.push_back(m.peer);
        out.push_back(raw(m.event));
        out.push_back(raw(m.reason));
        out.push_back(m.by);
    }
    void operator()(const NoticeAck& m) { appendU32le(out, m.id); }
    void operator()(const PeerQuery& m) { out.push_back(m.target); }
    void operator()(const PeerStatus& m)
    {
        appendU32le(out, m.inReplyTo);
        out.push_back(m.target);
        out.push_back(raw(m.state));
        appendU32le(out, m.msSinceBeat);
        out.push_back(raw(m.power));
    }
};

// Reads every field of one payload type; `valid` turns false on a bad enum.
Payload readFields(MessageType type, ByteReader& in, bool& valid)
{
    switch (type) {
    case MessageType::Hello:
        return Hello{in.array<kNonceSize>()};
    case MessageType::HelloAck: {
        HelloAck m;
        m.hostNonce = in.array<kNonceSize>();
        m.boardNonce = in.array<kNonceSize>();
        return m;
    }
    case MessageType::Heartbeat:
        return Heartbeat{};
    case MessageType::RequestCycle:
        return RequestCycle{readEnum<RequestReason>(in.u8(), valid)};
    case MessageType::RequestOff:
        return RequestOff{readEnum<RequestReason>(in.u8(), valid)};
    case MessageType::StatusQuery:
        return StatusQuery{};
    case MessageType::StatusReply: {
        StatusReply m;
        m.inReplyTo = in.u32le();
        m.state = readEnum<BoardState>(in.u8(), valid);
        m.cyclesInWindow = in.u8();
        m.cycleLimit = in.u8();
        m.lastAction = readEnum<PowerAction>(in.u8(), valid);
        m.lastActionReason = readEnum<ActionReason>(in.u8(), valid);
        m.secondsSinceLastAction = in.u32le();
        m.totalCycles = in.u32le();
        m.framesAccepted = in.u32le();
        m.framesDropped = in.u32le();
        return m;
    }
    case MessageType::Disarm:
        return Disarm{};
    case MessageType::ClearLatch:
        return ClearLatch{in.u8()};
    case MessageType::Ack:
        return Ack{in.u32le()};
    case MessageType::Nak: {
        Nak m;
        m.seq = in.u32le();
        m.reason = readEnum<NakReason>(in.u8(), valid);
        return m;
    }
    case MessageType::NakNoSession: {
        NakNoSession m;
        m.rejectedSeq = in.u32le();
        m.rejectedTag = in.array<kTagSize>();
        return m;
    }
    case MessageType::ExpectReboot:
        return ExpectReboot{};
    case MessageType::FencePeer: {
        FencePeer m;
        m.target = in.u8();
        m.activeGroups = in.u16le();
        return m;
    }
    case MessageType::PeerNotice: {
        PeerNotice m;
        m.id = in.u32le();
        m.peer = in.u8();
        m.event = readEnum<PeerEvent>(in.u8(), valid);
        m.reason = readEnum<ActionReason>(in.u8(), valid);
        m.by = in.u8();
        return m;
    }
    case MessageType::NoticeAck:
        return NoticeAck{in.u32le()};
    case MessageType::PeerQuery:
        return PeerQuery{in.u8()};
    case MessageType::PeerStatus: {
        PeerStatus m;
        m.inReplyTo = in.u32le();
        m.target = in.u8();
        m.state = readEnum<BoardState>(in.u8(), valid);
        m.msSinceBeat = in.u32le();
        m.power = readEnum<PeerPower>(in.u8(), valid);
        return m;
    }
    }
    valid = false;
    return Heartbeat{};
}

} // namespace

bool isKnownMessageType(std::uint8_t type)
{
    return type >= 1 && type <= kLastMessageType;
}

Bytes encodePayload(const Payload& payload)
{
    Bytes out;
    std::visit(Encoder{out}, payload);
    return out;
}

std::optional<Payload> decodePayload(MessageType type, ByteView payload)
{
    if (!isKnownMessageType(static_cast<std::uint8_t>(type)))
        return std::nullopt;
    ByteReader in(payload);
    bool valid = true;
    Payload decoded = readFields(type, in, valid);
    if (!valid || !in.consumedExactly())
        return std::nullopt;
    return decoded;
}

} // namespace icd
