#pragma once
// The messages of the link, as typed payloads. The order of Payload's
// alternatives is the numbering of MessageType (index + 1). Numbers are only
// ever appended: a released number never changes its meaning.

#include "wire_format.hpp"

#include <cstdint>
#include <string_view>
#include <variant>

namespace icd {

enum class MessageType : std::uint8_t {
    Hello = 1,     // host -> board: start a session
    HelloAck,      // board -> host: session accepted
    Heartbeat,     // host -> board
    RequestCycle,  // host -> board: power-cycle me
    RequestOff,    // host -> board: power me off and keep me off
    StatusQuery,   // host -> board
    StatusReply,   // board -> host
    Disarm,        // host -> board: clean shutdown, stop expecting heartbeats
    ClearLatch,    // host -> board: let a powered-off host come back
    Ack,           // board -> host
    Nak,           // board -> host
    NakNoSession,  // board -> host: "I hold no session of yours", signed with the host key
    ExpectReboot,  // host -> board: rebooting now, expect heartbeats again within the boot grace
    FencePeer,     // host -> board: power-cycle a peer I lost sight of (the board arbitrates)
    PeerNotice,    // board -> host, unsolicited: a peer is being fenced, is off, or is on again
    NoticeAck,     // host -> board: PEER_NOTICE received
    PeerQuery,     // host -> board: how does the board see this peer?
    PeerStatus,    // board -> host: the answer to PEER_QUERY
};

inline constexpr std::uint8_t kLastMessageType = static_cast<std::uint8_t>(MessageType::PeerStatus);

enum class RequestReason : std::uint8_t {
    RebootBudgetSpent = 1, // the host's own reboots did not help
    Unrecoverable,         // the host found a fault it cannot recover from
    Operator,              // an operator asked for it
};

enum class BoardState : std::uint8_t { Disarmed, Grace, Armed, Cycling, OffLatched };

enum class PowerAction : std::uint8_t { None, Cycle, Off };

enum class ActionReason : std::uint8_t {
    None,
    HeartbeatTimeout,
    HostRequest,
    CycleLimit,
    Operator,
    FenceRequest, // a peer's FENCE_PEER was granted
};

// What a PEER_NOTICE tells about a host.
enum class PeerEvent : std::uint8_t {
    Fencing = 1, // its power is being switched off now (told to its peers and to the host itself)
    Off,         // its power is off, confirmed by the relay's readback
    On,          // its power is on again: it is booting
};

// A host's power as the board last switched and read it back.
enum class PeerPower : std::uint8_t { Unknown, On, Off };

enum class NakReason : std::uint8_t {
    Latched = 1,  // the host is latched off
    Limit,        // no power cycle left in the window
    NotArmed,     // the board is not watching this host
    UnknownType,  // a message type the board does not handle
    Busy,         // a power action is in progress
    NotPermitted, // e.g. clearing the latch of another host
    Malformed,    // payload did not decode
    NotLatched,   // clearing the latch of a host that is not latched
    UnknownHost,  // the request names a host the board does not watch
    Refused,      // FENCE_PEER: the requester lost the tie-break, or is itself being fenced or off
    NotPeer,      // FENCE_PEER: the target is not a peer of the requester
};

struct Hello {
    Nonce hostNonce{};
    bool operator==(const Hello&) const = default;
};
struct HelloAck {
    Nonce hostNonce{}; // echo, so the host can tell which HELLO this answers
    Nonce boardNonce{};
    bool operator==(const HelloAck&) const = default;
};
struct Heartbeat {
    bool operator==(const Heartbeat&) const = default;
};
struct RequestCycle {
    RequestReason reason = RequestReason::RebootBudgetSpent;
    bool operator==(const RequestCycle&) const = default;
};
struct RequestOff {
    RequestReason reason = RequestReason::Unrecoverable;
    bool operator==(const RequestOff&) const = default;
};
struct StatusQuery {
    bool operator==(const StatusQuery&) const = default;
};

inline constexpr std::uint32_t kNeverActed = 0xFFFFFFFF;

struct StatusReply {
    std::uint32_t inReplyTo = 0; // seq of the STATUS_QUERY
    BoardState state = BoardState::Disarmed;
    std::uint8_t cyclesInWindow = 0;
    std::uint8_t cycleLimit = 0;
    PowerAction lastAction = PowerAction::None;
    ActionReason lastActionReason = ActionReason::None;
    std::uint32_t secondsSinceLastAction = kNeverActed;
    std::uint32_t totalCycles = 0;
    std::uint32_t framesAccepted = 0; // the board's view of this link
    std::uint32_t framesDropped = 0;
    bool operator==(const StatusReply&) const = default;
};
struct Disarm {
    bool operator==(const Disarm&) const = default;
};
struct ClearLatch {
    HostId target = 0; // the host whose latch to clear; the board decides who may
    bool operator==(const ClearLatch&) const = default;
};
struct Ack {
    std::uint32_t seq = 0;
    bool operator==(const Ack&) const = default;
};
struct Nak {
    std::uint32_t seq = 0;
    NakReason reason = NakReason::Busy;
    bool operator==(const Nak&) const = default;
};
struct ExpectReboot {
    bool operator==(const ExpectReboot&) const = default;
};
// What a FENCE_PEER says about its requester, for the board's tie-break.
struct FencePeer {
    HostId target = 0;
    std::uint16_t activeGroups = 0; // the requester's active paired groups
    bool operator==(const FencePeer&) const = default;
};
// The one board frame that answers no request. `id` counts per board run, so
// a host acts on each notice once and only acknowledges a copy again.
struct PeerNotice {
    std::uint32_t id = 0;
    HostId peer = 0;
    PeerEvent event = PeerEvent::Off;
    ActionReason reason = ActionReason::None;
    HostId by = 0; // the requester of a granted FENCE_PEER; 0: none
    bool operator==(const PeerNotice&) const = default;
};
struct NoticeAck {
    std::uint32_t id = 0;
    bool operator==(const NoticeAck&) const = default;
};
struct PeerQuery {
    HostId target = 0;
    bool operator==(const PeerQuery&) const = default;
};

inline constexpr std::uint32_t kNeverBeat = 0xFFFFFFFF;

struct PeerStatus {
    std::uint32_t inReplyTo = 0; // seq of the PEER_QUERY
    HostId target = 0;
    BoardState state = BoardState::Disarmed;
    std::uint32_t msSinceBeat = kNeverBeat;
    PeerPower power = PeerPower::Unknown;
    bool operator==(const PeerStatus&) const = default;
};
struct NakNoSession {
    // The frame the board could not place, so the host can tell a current
    // answer from a recorded one.
    std::uint32_t rejectedSeq = 0;
    Tag rejectedTag{};
    bool operator==(const NakNoSession&) const = default;
};

using Payload = std::variant<Hello, HelloAck, Heartbeat, RequestCycle, RequestOff, StatusQuery,
                             StatusReply, Disarm, ClearLatch, Ack, Nak, NakNoSession, ExpectReboot,
                             FencePeer, PeerNotice, NoticeAck, PeerQuery, PeerStatus>;
static_assert(std::variant_size_v<Payload> == kLastMessageType);

// What a host may send inside a session, and what a board may answer.
using HostRequest = std::variant<Heartbeat, RequestCycle, RequestOff, StatusQuery, Disarm, ClearLatch,
                                 ExpectReboot, FencePeer, NoticeAck, PeerQuery>;
using BoardReply = std::variant<Ack, Nak, StatusReply, PeerStatus>;

MessageType typeOf(const Payload&);
Payload toPayload(const HostRequest&);
Payload toPayload(const BoardReply&);

// Types a host sends inside a session, types a board answers them with, and
// the one type a board sends in a session without being asked.
bool isHostRequest(MessageType);
bool isBoardReply(MessageType);
bool isBoardNotice(MessageType);

// The host seq a reply answers.
std::uint32_t answeredSeq(const BoardReply&);

struct Message {
    HostId host = 0;
    std::uint32_t seq = 0;
    Payload payload;

    MessageType type() const { return typeOf(payload); }
    bool operator==(const Message&) const = default;
};

std::string_view messageTypeName(MessageType);
std::string_view requestReasonName(RequestReason);
std::string_view boardStateName(BoardState);
std::string_view powerActionName(PowerAction);
std::string_view actionReasonName(ActionReason);
std::string_view nakReasonName(NakReason);
std::string_view peerEventName(PeerEvent);
std::string_view peerPowerName(PeerPower);

} // namespace icd
