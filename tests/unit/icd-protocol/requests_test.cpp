// Requests inside a session: acted on once, answered again when resent.
#include "link_fixture.hpp"

#include "protocol/payload_codec.hpp"
#include "protocol/sequence.hpp"

namespace icd {
namespace {

using test::Link;

TEST(Requests, ARetransmissionIsAnsweredAgainButActedOnOnce)
{
    Link link;
    link.establish();
    Bytes frame;
    Outcome first = link.request(RequestCycle{RequestReason::RebootBudgetSpent}, &frame);
    ASSERT_TRUE(first.accepted());
    const std::uint32_t seq = first.message->seq;
    Sealed ack = link.board().seal(Ack{seq});
    ASSERT_TRUE(link.toHost(ack.frame).accepted());

    int actions = 1;
    for (int resend = 0; resend < 3; ++resend) {
        Outcome again = link.toBoard(frame);
        EXPECT_EQ(again.verdict, Verdict::Duplicate);
        EXPECT_EQ(again.reason, DropReason::Duplicate);
        EXPECT_FALSE(again.message);
        actions += again.accepted() ? 1 : 0;
        // The same answer, under a new board seq, which the host accepts.
        Outcome answer = link.toHost(again.reply);
        ASSERT_TRUE(answer.accepted());
        EXPECT_EQ(answer.message->payload, Payload(Ack{seq}));
        EXPECT_GT(answer.message->seq, ack.seq);
    }
    EXPECT_EQ(actions, 1);
    EXPECT_EQ(link.board().counters().dropped(DropReason::Duplicate), 3u);
}

TEST(Requests, TheRepeatedAnswerIsTheOneGiven)
{
    Link link;
    link.establish();
    Bytes frame;
    Outcome first = link.request(RequestCycle{RequestReason::Operator}, &frame);
    link.board().seal(Nak{first.message->seq, NakReason::Limit});
    Outcome answer = link.toHost(link.toBoard(frame).reply);
    ASSERT_TRUE(answer.accepted());
    EXPECT_EQ(answer.message->payload, Payload(Nak{first.message->seq, NakReason::Limit}));
}

TEST(Requests, ARetransmissionBeforeAnyAnswerGetsNone)
{
    Link link;
    link.establish();
    Bytes frame;
    ASSERT_TRUE(link.request(RequestOff{RequestReason::Unrecoverable}, &frame).accepted());
    Outcome again = link.toBoard(frame);
    EXPECT_EQ(again.verdict, Verdict::Duplicate);
    EXPECT_TRUE(again.reply.empty());
}

TEST(Requests, AnAnswerLostWhileTheHostWentOnIsGivenAgain)
{
    Link link;
    link.establish();
    Bytes cycle;
    Outcome request = link.request(RequestCycle{RequestReason::RebootBudgetSpent}, &cycle);
    const std::uint32_t cycleSeq = request.message->seq;
    link.board().seal(Ack{cycleSeq}); // lost on the line
    Outcome beat = link.request(Heartbeat{});
    ASSERT_TRUE(link.toHost(link.board().seal(Ack{beat.message->seq}).frame).accepted());

    Outcome resent = link.toBoard(cycle);
    EXPECT_EQ(resent.verdict, Verdict::Duplicate);
    Outcome answer = link.toHost(resent.reply);
    ASSERT_TRUE(answer.accepted());
    EXPECT_EQ(answer.message->payload, Payload(Ack{cycleSeq}));
}

TEST(Requests, FramesOlderThanTheRememberedRequestsAreReplays)
{
    Link link;
    link.establish();
    Bytes cycle;
    ASSERT_TRUE(link.request(RequestCycle{RequestReason::Operator}, &cycle).accepted());
    for (std::size_t i = 0; i < BoardSession::kRememberedRequests; ++i)
        ASSERT_TRUE(link.request(Heartbeat{}).accepted());
    Outcome replay = link.toBoard(cycle);
    EXPECT_EQ(replay.verdict, Verdict::Dropped);
    EXPECT_EQ(replay.reason, DropReason::Replay);
    EXPECT_TRUE(replay.reply.empty());
}

TEST(Requests, LostFramesLeaveGapsThatDoNotMatter)
{
    Link link;
    link.establish();
    link.host().seal(Heartbeat{}); // lost on the line
    link.host().seal(Heartbeat{});
    EXPECT_TRUE(link.request(RequestCycle{RequestReason::Operator}).accepted());
}

TEST(Requests, ReorderedFramesAreNotAccepted)
{
    Link link;
    link.establish();
    Sealed earlier = link.host().seal(RequestCycle{RequestReason::Operator});
    Sealed later = link.host().seal(Heartbeat{});
    EXPECT_TRUE(link.toBoard(later.frame).accepted());
    EXPECT_EQ(link.toBoard(earlier.frame).reason, DropReason::Replay);
}

TEST(Requests, BoardFramesAreNeverAcceptedTwice)
{
    Link link;
    link.establish();
    Outcome req = link.request(StatusQuery{});
    Sealed reply = link.board().seal(StatusReply{req.message->seq});
    EXPECT_TRUE(link.toHost(reply.frame).accepted());
    EXPECT_EQ(link.toHost(reply.frame).reason, DropReason::Replay);
}

class AuthenticButOdd : public ::testing::Test {
protected:
    void SetUp() override { link.establish(); }

    // A host frame that only the key holder could send, with any type and payload.
    Outcome sendAuthentic(std::uint8_t type, ByteView payload, std::uint32_t seq, std::uint8_t flags = 0)
    {
        Header header;
        header.type = type;
        header.flags = flags;
        header.host = Link::kHost;
        header.seq = seq;
        const Bytes body = test::authenticBody(link.sessionKey(), TagContext::SessionFromHost, header, payload);
        return link.board().open(body, link.freshNonce());
    }

    Payload answerTo(const Outcome& outcome)
    {
        Outcome answer = link.toHost(outcome.reply);
        EXPECT_TRUE(answer.accepted());
        return answer.message ? answer.message->payload : Payload{};
    }

    Link link;
};

TEST_F(AuthenticButOdd, AnUnknownTypeIsRefusedWithANak)
{
    Outcome outcome = sendAuthentic(kLastMessageType + 1, Bytes{}, 10);
    EXPECT_EQ(outcome.reason, DropReason::UnknownType);
    EXPECT_EQ(answerTo(outcome), Payload(Nak{10, NakReason::UnknownType}));
}

TEST_F(AuthenticButOdd, ABoardTypeFromTheHostIsRefusedWithANak)
{
    Outcome outcome = sendAuthentic(static_cast<std::uint8_t>(MessageType::Ack), encodePayload(Ack{1}), 10);
    EXPECT_EQ(outcome.reason, DropReason::Unexpected);
    EXPECT_EQ(answerTo(outcome), Payload(Nak{10, NakReason::UnknownType}));
}

TEST_F(AuthenticButOdd, AMalformedPayloadIsRefusedWithANakAndAgainWhenResent)
{
    const Bytes badReason = {0x09};
    Outcome outcome = sendAuthentic(static_cast<std::uint8_t>(MessageType::RequestCycle), badReason, 10);
    EXPECT_EQ(outcome.reason, DropReason::Malformed);
    EXPECT_EQ(answerTo(outcome), Payload(Nak{10, NakReason::Malformed}));

    Outcome resent = sendAuthentic(static_cast<std::uint8_t>(MessageType::RequestCycle), badReason, 10);
    EXPECT_EQ(resent.verdict, Verdict::Duplicate);
    EXPECT_EQ(answerTo(resent), Payload(Nak{10, NakReason::Malformed}));
}

TEST_F(AuthenticButOdd, ReservedFlagsMustBeClear)
{
    Outcome outcome = sendAuthentic(static_cast<std::uint8_t>(MessageType::Heartbeat), Bytes{}, 10, 0x01);
    EXPECT_EQ(outcome.reason, DropReason::Malformed);
}

TEST_F(AuthenticButOdd, TheSameSeqWithOtherContentIsAReplay)
{
    ASSERT_TRUE(sendAuthentic(static_cast<std::uint8_t>(MessageType::Heartbeat), Bytes{}, 10).accepted());
    Outcome other = sendAuthentic(static_cast<std::uint8_t>(MessageType::RequestOff), Bytes{0x01}, 10);
    EXPECT_EQ(other.reason, DropReason::Replay);
    EXPECT_TRUE(other.reply.empty());
}

TEST_F(AuthenticButOdd, SeqZeroIsNeverASessionFrame)
{
    Outcome outcome = sendAuthentic(static_cast<std::uint8_t>(MessageType::RequestCycle), Bytes{0x01}, 0);
    EXPECT_EQ(outcome.reason, DropReason::Replay);
}

TEST_F(AuthenticButOdd, TheLastSeqIsUsableAndNothingFollowsIt)
{
    const auto heartbeat = static_cast<std::uint8_t>(MessageType::Heartbeat);
    EXPECT_TRUE(sendAuthentic(heartbeat, Bytes{}, kLastSeq).accepted());
    EXPECT_EQ(sendAuthentic(heartbeat, Bytes{}, 2).reason, DropReason::Replay) << "no wrap-around";
}

// The same from the board's side: the host drops what it cannot use and
// never answers.
class AuthenticButOddFromBoard : public AuthenticButOdd {
protected:
    Outcome receiveAuthentic(std::uint8_t type, ByteView payload, std::uint32_t seq)
    {
        Header header;
        header.type = type;
        header.host = Link::kHost;
        header.seq = seq;
        return link.host().open(test::authenticBody(link.sessionKey(), TagContext::SessionFromBoard, header, payload));
    }
};

TEST_F(AuthenticButOddFromBoard, IsDroppedUnderItsReason)
{
    EXPECT_EQ(receiveAuthentic(kLastMessageType + 1, Bytes{}, 10).reason, DropReason::UnknownType);
    EXPECT_EQ(receiveAuthentic(static_cast<std::uint8_t>(MessageType::Heartbeat), Bytes{}, 11).reason,
              DropReason::Unexpected);
    EXPECT_EQ(receiveAuthentic(static_cast<std::uint8_t>(MessageType::Nak), Bytes{1, 0, 0, 0, 99}, 12).reason,
              DropReason::Malformed);
    const Outcome fine = receiveAuthentic(static_cast<std::uint8_t>(MessageType::Ack), encodePayload(Ack{1}), 13);
    EXPECT_TRUE(fine.accepted());
    EXPECT_TRUE(fine.reply.empty());
    EXPECT_EQ(receiveAuthentic(static_cast<std::uint8_t>(MessageType::Ack), encodePayload(Ack{1}), 13).reason,
              DropReason::Replay);
}

} // namespace
} // namespace icd
