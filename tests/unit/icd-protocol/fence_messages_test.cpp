// The fence extension on the link: the unsolicited PEER_NOTICE, and the
// answer to FENCE_PEER that comes when the board has decided.
#include "link_fixture.hpp"

#include "protocol/payload_codec.hpp"

namespace icd {
namespace {

using test::Link;

const PeerNotice kOff{1, 3, PeerEvent::Off, ActionReason::HeartbeatTimeout, 0};

// A frame of any type, sealed under the session key: what a peer of another
// version could send.
Bytes authentic(Link& link, TagContext direction, std::uint8_t type, ByteView payload, std::uint32_t seq)
{
    Header header;
    header.type = type;
    header.host = Link::kHost;
    header.seq = seq;
    return test::authenticBody(link.sessionKey(), direction, header, payload);
}

Bytes authenticFromBoard(Link& link, std::uint8_t type, ByteView payload, std::uint32_t seq)
{
    return authentic(link, TagContext::SessionFromBoard, type, payload, seq);
}

// An authentic host frame the board does not take: dropped for `reason`,
// and answered NAK unknown-type so that the host knows why.
void expectNakUnknownType(Link& link, std::uint8_t type, ByteView payload, DropReason reason)
{
    constexpr std::uint32_t kSeq = 50;
    Outcome atBoard =
        link.board().open(authentic(link, TagContext::SessionFromHost, type, payload, kSeq), link.freshNonce());
    EXPECT_EQ(atBoard.reason, reason);
    Outcome nak = link.toHost(atBoard.reply);
    ASSERT_TRUE(nak.accepted());
    EXPECT_EQ(nak.message->payload, Payload(Nak{kSeq, NakReason::UnknownType}));
}

TEST(PeerNotice, IsAcceptedInSessionWithoutARequest)
{
    Link link;
    link.establish();
    Sealed notice = link.board().sealNotice(kOff);
    ASSERT_TRUE(notice.ok());
    Outcome outcome = link.toHost(notice.frame);
    ASSERT_TRUE(outcome.accepted());
    EXPECT_EQ(outcome.message->payload, Payload(kOff));
    EXPECT_EQ(outcome.message->seq, notice.seq);
    EXPECT_EQ(outcome.session, SessionEvent::None);
}

TEST(PeerNotice, SharesTheBoardSeqWithTheAnswers)
{
    Link link;
    link.establish();
    Outcome beat = link.request(Heartbeat{});
    Sealed notice = link.board().sealNotice(kOff);
    Sealed ack = link.board().seal(Ack{beat.message->seq});
    EXPECT_GT(ack.seq, notice.seq);
    EXPECT_TRUE(link.toHost(notice.frame).accepted());
    EXPECT_TRUE(link.toHost(ack.frame).accepted());
    // Once a later frame is in, the notice played back again is a replay.
    EXPECT_EQ(link.toHost(notice.frame).reason, DropReason::Replay);
}

TEST(PeerNotice, NeedsTheSessionInUse)
{
    Link link;
    EXPECT_EQ(link.board().sealNotice(kOff).error, SealError::NoSession);

    // After the HELLO_ACK the new session is only pending on the board.
    Sealed hello = link.host().hello(test::nonceFromSeed(3));
    ASSERT_TRUE(link.toHost(link.toBoard(hello.frame).reply).session == SessionEvent::Established);
    EXPECT_EQ(link.board().sealNotice(kOff).error, SealError::NoSession);
    ASSERT_TRUE(link.request(Heartbeat{}).accepted());
    EXPECT_TRUE(link.board().sealNotice(kOff).ok());
}

TEST(PeerNotice, OfAnEarlierSessionIsNotAccepted)
{
    Link link;
    link.establish();
    Sealed stale = link.board().sealNotice(kOff);
    link.establish(); // the host said HELLO again, e.g. after its reboot
    EXPECT_EQ(link.toHost(stale.frame).reason, DropReason::Tag);
}

TEST(PeerNotice, TheHostNeverSendsIt)
{
    Link link;
    link.establish();
    expectNakUnknownType(link, static_cast<std::uint8_t>(MessageType::PeerNotice), encodePayload(kOff),
                         DropReason::Unexpected);
}

TEST(PeerNotice, AHostRequestTypeFromTheBoardIsUnexpected)
{
    Link link;
    link.establish();
    const Bytes body = authenticFromBoard(link, static_cast<std::uint8_t>(MessageType::FencePeer),
                                          encodePayload(FencePeer{1, 0}), 40);
    EXPECT_EQ(link.host().open(body).reason, DropReason::Unexpected);
}

// What an older host does with a PEER_NOTICE: it does not know the type and
// drops it (unknown-type), counted, without ending its session. Modelled by
// a type one above the newest this host knows.
TEST(PeerNotice, AHostThatDoesNotKnowTheTypeDropsItAndCarriesOn)
{
    Link link;
    link.establish();
    // The seq the board gave it, as a board of the newer version would.
    const std::uint32_t seq = link.board().sealNotice(kOff).seq;
    const Bytes newer = authenticFromBoard(link, kLastMessageType + 1, encodePayload(kOff), seq);
    EXPECT_EQ(link.host().open(newer).reason, DropReason::UnknownType);
    EXPECT_EQ(link.host().state(), HostSession::State::Established);
    Outcome beat = link.request(Heartbeat{});
    EXPECT_TRUE(link.toHost(link.board().seal(Ack{beat.message->seq}).frame).accepted());
}

// What an older board does with a FENCE_PEER, modelled the same way: an
// authentic request of a type it does not know is answered NAK unknown-type.
TEST(FencePeer, ABoardThatDoesNotKnowTheTypeAnswersUnknownType)
{
    Link link;
    link.establish();
    expectNakUnknownType(link, kLastMessageType + 1, encodePayload(FencePeer{2, 1}), DropReason::UnknownType);
}

TEST(FencePeer, TheAnswerMayComeLaterAndACopyBeforeItGetsNone)
{
    Link link;
    link.establish();
    Bytes fence;
    Outcome request = link.request(FencePeer{3, 2}, &fence);
    ASSERT_TRUE(request.accepted());
    EXPECT_EQ(request.message->payload, Payload(FencePeer{3, 2}));
    const std::uint32_t fenceSeq = request.message->seq;

    // While the board waits for a counter request: heartbeats are answered,
    // resent copies of the FENCE_PEER are duplicates without a reply.
    for (int i = 0; i < 3; ++i) {
        Outcome beat = link.request(Heartbeat{});
        ASSERT_TRUE(link.toHost(link.board().seal(Ack{beat.message->seq}).frame).accepted());
        Outcome copy = link.toBoard(fence);
        EXPECT_EQ(copy.verdict, Verdict::Duplicate);
        EXPECT_TRUE(copy.reply.empty());
    }

    // The decision, then a copy sent because the answer was lost: the same answer.
    Sealed refused = link.board().seal(Nak{fenceSeq, NakReason::Refused});
    ASSERT_TRUE(refused.ok());
    Outcome copy = link.toBoard(fence);
    EXPECT_EQ(copy.verdict, Verdict::Duplicate);
    Outcome again = link.toHost(copy.reply);
    ASSERT_TRUE(again.accepted());
    EXPECT_EQ(again.message->payload, Payload(Nak{fenceSeq, NakReason::Refused}));
    // HELLO, the first heartbeat, the FENCE_PEER once, three heartbeats.
    EXPECT_EQ(link.board().counters().accepted(), 6u);
}

TEST(PeerQuery, IsAnsweredWithPeerStatus)
{
    Link link;
    link.establish();
    Bytes query;
    Outcome request = link.request(PeerQuery{3}, &query);
    ASSERT_TRUE(request.accepted());
    const PeerStatus status{request.message->seq, 3, BoardState::Armed, 80, PeerPower::On};
    Outcome answer = link.toHost(link.board().seal(status).frame);
    ASSERT_TRUE(answer.accepted());
    EXPECT_EQ(answer.message->payload, Payload(status));
    // A resent query gets the same status again.
    Outcome again = link.toHost(link.toBoard(query).reply);
    ASSERT_TRUE(again.accepted());
    EXPECT_EQ(again.message->payload, Payload(status));
}

} // namespace
} // namespace icd
