#include "link_fixture.hpp"

#include "protocol/payload_codec.hpp"

#include <set>

namespace icd {
namespace {

using test::Link;

StatusReply sampleStatus()
{
    StatusReply s;
    s.inReplyTo = 0x01020304;
    s.state = BoardState::OffLatched;
    s.cyclesInWindow = 3;
    s.cycleLimit = 3;
    s.lastAction = PowerAction::Off;
    s.lastActionReason = ActionReason::CycleLimit;
    s.secondsSinceLastAction = 0xA0B0C0D0;
    s.totalCycles = 17;
    s.framesAccepted = 123456;
    s.framesDropped = 0xFFFFFFFE;
    return s;
}

// One sample of every message type, in type order.
std::vector<Payload> everyPayload()
{
    Tag tag{};
    tag.fill(0xEE);
    return {
        Hello{test::nonceFromSeed(1)},
        HelloAck{test::nonceFromSeed(2), test::nonceFromSeed(3)},
        Heartbeat{},
        RequestCycle{RequestReason::RebootBudgetSpent},
        RequestOff{RequestReason::Operator},
        StatusQuery{},
        sampleStatus(),
        Disarm{},
        ClearLatch{9},
        Ack{0xDEADBEEF},
        Nak{77, NakReason::Limit},
        NakNoSession{5, tag},
        ExpectReboot{},
        FencePeer{4, 0x0102},
        PeerNotice{0x11223344, 5, PeerEvent::Off, ActionReason::FenceRequest, 2},
        NoticeAck{0x11223344},
        PeerQuery{6},
        PeerStatus{0x0A0B0C0D, 6, BoardState::Armed, 250, PeerPower::On},
    };
}

TEST(PayloadCodec, EveryTypeRoundTrips)
{
    const auto payloads = everyPayload();
    ASSERT_EQ(payloads.size(), kLastMessageType);
    for (const auto& payload : payloads) {
        const Bytes encoded = encodePayload(payload);
        EXPECT_LE(encoded.size(), kMaxPayloadSize);
        auto decoded = decodePayload(typeOf(payload), encoded);
        ASSERT_TRUE(decoded) << messageTypeName(typeOf(payload));
        EXPECT_EQ(*decoded, payload) << messageTypeName(typeOf(payload));
    }
}

TEST(PayloadCodec, SizesMustBeExact)
{
    for (const auto& payload : everyPayload()) {
        Bytes encoded = encodePayload(payload);
        encoded.push_back(0);
        EXPECT_FALSE(decodePayload(typeOf(payload), encoded)) << messageTypeName(typeOf(payload)) << " + 1 byte";
        encoded.pop_back();
        if (encoded.empty())
            continue;
        encoded.pop_back();
        EXPECT_FALSE(decodePayload(typeOf(payload), encoded)) << messageTypeName(typeOf(payload)) << " - 1 byte";
    }
}

TEST(PayloadCodec, UnknownEnumValuesAreRejected)
{
    EXPECT_FALSE(decodePayload(MessageType::RequestCycle, Bytes{0}));
    EXPECT_FALSE(decodePayload(MessageType::RequestCycle, Bytes{4}));
    EXPECT_FALSE(decodePayload(MessageType::RequestOff, Bytes{0xFF}));
    EXPECT_FALSE(decodePayload(MessageType::Nak, Bytes{1, 0, 0, 0, 0}));
    EXPECT_FALSE(decodePayload(MessageType::Nak, Bytes{1, 0, 0, 0, 12}));
    EXPECT_TRUE(decodePayload(MessageType::Nak, Bytes{1, 0, 0, 0, 9}));

    // StatusReply: state at offset 4, last action at 7, its reason at 8.
    const Bytes good = encodePayload(sampleStatus());
    for (auto [offset, bad] : {std::pair{4, 5}, {7, 3}, {8, 6}}) {
        Bytes changed = good;
        changed[offset] = static_cast<std::uint8_t>(bad);
        EXPECT_FALSE(decodePayload(MessageType::StatusReply, changed)) << "offset " << offset;
    }
}

TEST(PayloadCodec, TheFenceMessagesHaveTheDocumentedLayout)
{
    EXPECT_EQ(encodePayload(FencePeer{4, 0x0102}), (Bytes{4, 0x02, 0x01}));
    EXPECT_EQ(encodePayload(PeerNotice{0x11223344, 5, PeerEvent::Fencing, ActionReason::FenceRequest, 2}),
              (Bytes{0x44, 0x33, 0x22, 0x11, 5, 1, 5, 2}));
    EXPECT_EQ(encodePayload(NoticeAck{0x01020304}), (Bytes{4, 3, 2, 1}));
    EXPECT_EQ(encodePayload(PeerQuery{6}), (Bytes{6}));
    EXPECT_EQ(encodePayload(PeerStatus{0x01020304, 6, BoardState::Cycling, kNeverBeat, PeerPower::Off}),
              (Bytes{4, 3, 2, 1, 6, 3, 0xFF, 0xFF, 0xFF, 0xFF, 2}));
}

TEST(PayloadCodec, UnknownValuesInTheFenceMessagesAreRejected)
{
    // PEER_NOTICE: event at offset 5, reason at 6.
    const Bytes notice = encodePayload(PeerNotice{1, 2, PeerEvent::On, ActionReason::None, 0});
    for (auto [offset, bad] : {std::pair{5, 0}, {5, 4}, {6, 6}}) {
        Bytes changed = notice;
        changed[offset] = static_cast<std::uint8_t>(bad);
        EXPECT_FALSE(decodePayload(MessageType::PeerNotice, changed)) << "offset " << offset;
    }
    // PEER_STATUS: state at offset 5, power at 10.
    const Bytes status = encodePayload(PeerStatus{1, 2, BoardState::Armed, 0, PeerPower::Unknown});
    for (auto [offset, bad] : {std::pair{5, 5}, {10, 3}}) {
        Bytes changed = status;
        changed[offset] = static_cast<std::uint8_t>(bad);
        EXPECT_FALSE(decodePayload(MessageType::PeerStatus, changed)) << "offset " << offset;
    }
    EXPECT_TRUE(decodePayload(MessageType::Nak, Bytes{1, 0, 0, 0, 11}));
    EXPECT_FALSE(decodePayload(MessageType::Nak, Bytes{1, 0, 0, 0, 12}));
}

TEST(PayloadCodec, KnowsExactlyTheDefinedTypes)
{
    EXPECT_FALSE(isKnownMessageType(0));
    for (std::uint8_t t = 1; t <= kLastMessageType; ++t)
        EXPECT_TRUE(isKnownMessageType(t));
    EXPECT_FALSE(isKnownMessageType(kLastMessageType + 1));
    EXPECT_FALSE(decodePayload(static_cast<MessageType>(200), Bytes{}));
}

TEST(Messages, NamesAreDistinct)
{
    std::set<std::string_view> names;
    for (std::uint8_t t = 1; t <= kLastMessageType; ++t)
        EXPECT_TRUE(names.insert(messageTypeName(static_cast<MessageType>(t))).second);
    EXPECT_EQ(messageTypeName(static_cast<MessageType>(99)), "invalid");
    EXPECT_EQ(nakReasonName(NakReason::NotArmed), "not-armed");
    EXPECT_EQ(nakReasonName(NakReason::NotLatched), "not-latched");
    EXPECT_EQ(nakReasonName(NakReason::UnknownHost), "unknown-host");
    EXPECT_EQ(nakReasonName(NakReason::Refused), "refused");
    EXPECT_EQ(nakReasonName(NakReason::NotPeer), "not-peer");
    EXPECT_EQ(nakReasonName(static_cast<NakReason>(12)), "invalid");
    EXPECT_EQ(messageTypeName(MessageType::FencePeer), "fence-peer");
    EXPECT_EQ(messageTypeName(MessageType::PeerStatus), "peer-status");
    EXPECT_EQ(actionReasonName(ActionReason::FenceRequest), "fence-request");
    EXPECT_EQ(peerEventName(PeerEvent::Fencing), "fencing");
    EXPECT_EQ(peerEventName(static_cast<PeerEvent>(0)), "invalid");
    EXPECT_EQ(peerPowerName(PeerPower::Off), "off");
    EXPECT_EQ(peerPowerName(static_cast<PeerPower>(3)), "invalid");
    EXPECT_EQ(messageTypeName(MessageType::ExpectReboot), "expect-reboot");
    EXPECT_EQ(boardStateName(BoardState::OffLatched), "off-latched");
}

// Numbers on the wire are appended, never changed: peers of other versions
// read them.
TEST(Messages, WireNumbersStayPut)
{
    EXPECT_EQ(static_cast<int>(MessageType::Disarm), 8);
    EXPECT_EQ(static_cast<int>(MessageType::NakNoSession), 12);
    EXPECT_EQ(static_cast<int>(MessageType::ExpectReboot), 13);
    EXPECT_EQ(static_cast<int>(NakReason::Malformed), 7);
    EXPECT_EQ(static_cast<int>(NakReason::NotLatched), 8);
    EXPECT_EQ(static_cast<int>(NakReason::UnknownHost), 9);
    EXPECT_EQ(static_cast<int>(MessageType::FencePeer), 14);
    EXPECT_EQ(static_cast<int>(MessageType::PeerNotice), 15);
    EXPECT_EQ(static_cast<int>(MessageType::NoticeAck), 16);
    EXPECT_EQ(static_cast<int>(MessageType::PeerQuery), 17);
    EXPECT_EQ(static_cast<int>(MessageType::PeerStatus), 18);
    EXPECT_EQ(static_cast<int>(ActionReason::FenceRequest), 5);
    EXPECT_EQ(static_cast<int>(NakReason::Refused), 10);
    EXPECT_EQ(static_cast<int>(NakReason::NotPeer), 11);
    EXPECT_EQ(static_cast<int>(PeerEvent::Fencing), 1);
    EXPECT_EQ(static_cast<int>(PeerEvent::On), 3);
    EXPECT_EQ(static_cast<int>(PeerPower::Off), 2);
}

TEST(Messages, EachNewTypeTravelsOneWay)
{
    for (MessageType t : {MessageType::FencePeer, MessageType::NoticeAck, MessageType::PeerQuery}) {
        EXPECT_TRUE(isHostRequest(t)) << messageTypeName(t);
        EXPECT_FALSE(isBoardReply(t) || isBoardNotice(t)) << messageTypeName(t);
    }
    EXPECT_TRUE(isBoardReply(MessageType::PeerStatus));
    EXPECT_FALSE(isHostRequest(MessageType::PeerStatus));
    // A notice is a board frame, but no answer to any request.
    EXPECT_TRUE(isBoardNotice(MessageType::PeerNotice));
    EXPECT_FALSE(isBoardReply(MessageType::PeerNotice));
    EXPECT_FALSE(isHostRequest(MessageType::PeerNotice));
    EXPECT_EQ(answeredSeq(BoardReply(PeerStatus{42, 1, BoardState::Armed, 0, PeerPower::On})), 42u);
}

TEST(PayloadCodec, ExpectRebootHasNoPayload)
{
    EXPECT_TRUE(encodePayload(ExpectReboot{}).empty());
    EXPECT_EQ(decodePayload(MessageType::ExpectReboot, Bytes{}), Payload(ExpectReboot{}));
    EXPECT_FALSE(decodePayload(MessageType::ExpectReboot, Bytes{0}));
}

TEST(Messages, OnlyTheHostSendsExpectReboot)
{
    EXPECT_TRUE(isHostRequest(MessageType::ExpectReboot));
    EXPECT_FALSE(isBoardReply(MessageType::ExpectReboot));
}

TEST(Messages, EveryHostRequestCrossesTheLink)
{
    const std::vector<HostRequest> requests = {
        Heartbeat{}, RequestCycle{RequestReason::Unrecoverable}, RequestOff{RequestReason::RebootBudgetSpent},
        StatusQuery{}, Disarm{}, ClearLatch{3}, ExpectReboot{}, FencePeer{3, 2}, NoticeAck{9}, PeerQuery{3},
    };
    Link link;
    link.establish();
    for (const auto& request : requests) {
        Sealed sealed = link.host().seal(request);
        ASSERT_TRUE(sealed.ok());
        Outcome outcome = link.toBoard(sealed.frame);
        ASSERT_TRUE(outcome.accepted()) << messageTypeName(typeOf(toPayload(request)));
        EXPECT_EQ(outcome.message->payload, toPayload(request));
        EXPECT_EQ(outcome.message->seq, sealed.seq);
        EXPECT_EQ(outcome.message->host, Link::kHost);
        EXPECT_TRUE(outcome.reply.empty());
    }
}

TEST(Messages, EveryBoardReplyCrossesTheLink)
{
    Link link;
    link.establish();
    Sealed query = link.host().seal(StatusQuery{});
    ASSERT_TRUE(link.toBoard(query.frame).accepted());
    StatusReply status = sampleStatus();
    status.inReplyTo = query.seq;
    const std::vector<BoardReply> replies = {Ack{query.seq}, Nak{query.seq, NakReason::Busy},
                                             Nak{query.seq, NakReason::NotLatched},
                                             Nak{query.seq, NakReason::UnknownHost},
                                             Nak{query.seq, NakReason::Refused},
                                             Nak{query.seq, NakReason::NotPeer}, status,
                                             PeerStatus{query.seq, 3, BoardState::Armed, 120, PeerPower::On}};
    for (const auto& reply : replies) {
        Sealed sealed = link.board().seal(reply);
        ASSERT_TRUE(sealed.ok());
        Outcome outcome = link.toHost(sealed.frame);
        ASSERT_TRUE(outcome.accepted());
        EXPECT_EQ(outcome.message->payload, toPayload(reply));
    }
}

} // namespace
} // namespace icd
