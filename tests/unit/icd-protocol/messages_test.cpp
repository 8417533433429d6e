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
    EXPECT_FALSE(decodePayload(MessageType::Nak, Bytes{1, 0, 0, 0, 10}));
    EXPECT_TRUE(decodePayload(MessageType::Nak, Bytes{1, 0, 0, 0, 9}));

    // StatusReply: state at offset 4, last action at 7, its reason at 8.
    const Bytes good = encodePayload(sampleStatus());
    for (auto [offset, bad] : {std::pair{4, 5}, {7, 3}, {8, 5}}) {
        Bytes changed = good;
        changed[offset] = static_cast<std::uint8_t>(bad);
        EXPECT_FALSE(decodePayload(MessageType::StatusReply, changed)) << "offset " << offset;
    }
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
    EXPECT_EQ(nakReasonName(static_cast<NakReason>(10)), "invalid");
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
        StatusQuery{}, Disarm{}, ClearLatch{3}, ExpectReboot{},
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
                                             Nak{query.seq, NakReason::UnknownHost}, status};
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
