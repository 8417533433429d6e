// Session set-up, and what happens when either side restarts.
#include "link_fixture.hpp"

namespace icd {
namespace {

using test::Link;

TEST(Handshake, HelloAckThenTheFirstRequestPutsTheSessionInUse)
{
    Link link;
    EXPECT_EQ(link.host().state(), HostSession::State::Idle);
    EXPECT_EQ(link.host().seal(Heartbeat{}).error, SealError::NoSession);

    Sealed hello = link.host().hello(test::nonceFromSeed(1));
    ASSERT_TRUE(hello.ok());
    EXPECT_EQ(link.host().state(), HostSession::State::AwaitingAck);
    EXPECT_EQ(link.host().seal(Heartbeat{}).error, SealError::NoSession);

    Outcome atBoard = link.toBoard(hello.frame);
    EXPECT_TRUE(atBoard.accepted());
    EXPECT_EQ(atBoard.message->type(), MessageType::Hello);
    EXPECT_EQ(atBoard.session, SessionEvent::None) << "a HELLO alone proves nothing: it may be recorded";
    EXPECT_FALSE(link.board().established());
    ASSERT_FALSE(atBoard.reply.empty());
    EXPECT_EQ(link.board().seal(Ack{1}).error, SealError::NoSession);

    Outcome atHost = link.toHost(atBoard.reply);
    EXPECT_TRUE(atHost.accepted());
    EXPECT_EQ(atHost.session, SessionEvent::Established);
    EXPECT_EQ(link.host().state(), HostSession::State::Established);

    Sealed beat = link.host().seal(Heartbeat{});
    EXPECT_EQ(beat.seq, 1u);
    Outcome first = link.toBoard(beat.frame);
    EXPECT_TRUE(first.accepted());
    EXPECT_EQ(first.session, SessionEvent::Established);
    EXPECT_TRUE(link.board().established());
    EXPECT_EQ(link.toBoard(link.host().seal(Heartbeat{}).frame).session, SessionEvent::None);
}

TEST(Handshake, ARetransmittedHelloGetsTheSameAnswer)
{
    Link link;
    Sealed hello = link.host().hello(test::nonceFromSeed(1));
    Outcome first = link.toBoard(hello.frame);
    Outcome again = link.toBoard(hello.frame);
    EXPECT_EQ(again.verdict, Verdict::Duplicate);
    EXPECT_EQ(again.reply, first.reply);

    EXPECT_TRUE(link.toHost(first.reply).accepted());
    Outcome secondAck = link.toHost(again.reply);
    EXPECT_EQ(secondAck.verdict, Verdict::Duplicate);
    EXPECT_TRUE(link.toBoard(link.host().seal(Heartbeat{}).frame).accepted());
    // Even once the session is in use.
    EXPECT_EQ(link.toBoard(hello.frame).reply, first.reply);
}

TEST(Handshake, AHelloAckToAnEarlierHelloIsIgnored)
{
    Link link;
    Sealed oldHello = link.host().hello(test::nonceFromSeed(1));
    Outcome oldAnswer = link.toBoard(oldHello.frame);
    link.host().hello(test::nonceFromSeed(2)); // gave up on the first
    Outcome outcome = link.toHost(oldAnswer.reply);
    EXPECT_EQ(outcome.reason, DropReason::Replay);
    EXPECT_EQ(link.host().state(), HostSession::State::AwaitingAck);
}

TEST(Handshake, BoardRestartIsDetectedAndTheHostStartsOver)
{
    Link link;
    link.establish();
    Bytes oldRequest;
    ASSERT_TRUE(link.request(RequestCycle{RequestReason::RebootBudgetSpent}, &oldRequest).accepted());

    link.restartBoard();
    Sealed beat = link.host().seal(Heartbeat{});
    Outcome atBoard = link.toBoard(beat.frame);
    EXPECT_EQ(atBoard.reason, DropReason::NoSession);
    ASSERT_FALSE(atBoard.reply.empty()) << "the board says it holds no session";

    Outcome atHost = link.toHost(atBoard.reply);
    EXPECT_TRUE(atHost.accepted());
    EXPECT_EQ(atHost.session, SessionEvent::Lost);
    EXPECT_EQ(link.host().state(), HostSession::State::Idle);

    link.establish();
    // The request recorded before the board restarted never works again.
    Outcome replayed = link.toBoard(oldRequest);
    EXPECT_FALSE(replayed.accepted());
    EXPECT_EQ(replayed.reason, DropReason::Tag);
}

TEST(Handshake, HostRestartStartsANewSessionAndOldFramesDie)
{
    Link link;
    const Bytes oldHello = link.establish();
    Bytes oldCycle, oldOff;
    ASSERT_TRUE(link.request(RequestCycle{RequestReason::RebootBudgetSpent}, &oldCycle).accepted());
    ASSERT_TRUE(link.request(RequestOff{RequestReason::Unrecoverable}, &oldOff).accepted());

    link.restartHost();
    link.establish();
    EXPECT_TRUE(link.request(Heartbeat{}).accepted());

    for (const Bytes* old : {&oldCycle, &oldOff}) {
        Outcome outcome = link.toBoard(*old);
        EXPECT_FALSE(outcome.accepted());
        EXPECT_EQ(outcome.reason, DropReason::Tag);
    }

    // Replaying the old HELLO opens a pending session nobody can use, and
    // leaves the real one alone.
    Outcome helloAgain = link.toBoard(oldHello);
    EXPECT_EQ(helloAgain.session, SessionEvent::None);
    EXPECT_TRUE(link.request(Heartbeat{}).accepted());
    EXPECT_FALSE(link.toBoard(oldCycle).accepted());
}

TEST(Handshake, ARecordedHelloAndItsSessionsRequestsNeverReachAFreshBoard)
{
    Link link;
    const Bytes oldHello = link.establish();
    Bytes oldCycle;
    ASSERT_TRUE(link.request(RequestCycle{RequestReason::Operator}, &oldCycle).accepted());

    link.restartBoard(); // and the host is gone: only the recording talks
    Outcome hello = link.toBoard(oldHello);
    EXPECT_TRUE(hello.accepted()) << "the board cannot tell a recorded HELLO from a new one";
    EXPECT_FALSE(link.board().established());
    Outcome cycle = link.toBoard(oldCycle);
    EXPECT_FALSE(cycle.accepted()) << "but the requests after it carry a tag under the old board nonce";
    EXPECT_EQ(cycle.reason, DropReason::Tag);
    EXPECT_FALSE(link.board().established());
}

TEST(Handshake, ARecordedNoSessionNakDoesNotEndALaterSession)
{
    Link link;
    link.establish();
    link.restartBoard();
    Outcome refused = link.toBoard(link.host().seal(Heartbeat{}).frame);
    ASSERT_EQ(link.toHost(refused.reply).session, SessionEvent::Lost);

    link.establish();
    Outcome replayed = link.toHost(refused.reply);
    EXPECT_FALSE(replayed.accepted());
    EXPECT_EQ(replayed.reason, DropReason::Replay);
    EXPECT_EQ(link.host().state(), HostSession::State::Established);
}

TEST(Handshake, ANoSessionNakForAnotherFrameIsNotBelieved)
{
    Link link;
    link.establish();
    // The board answers a forged frame (wrong key) with NAK_NO_SESSION; the
    // host did not send that frame, so it keeps its session.
    HostSession forger(Link::kHost, test::keyFromSeed(9));
    BoardSession forgersBoard(Link::kHost, test::keyFromSeed(9));
    Outcome forgedHello = forgersBoard.open(test::bodyOf(forger.hello(test::nonceFromSeed(5)).frame),
                                            test::nonceFromSeed(6));
    forger.open(test::bodyOf(forgedHello.reply));
    Outcome atBoard = link.toBoard(forger.seal(RequestCycle{RequestReason::Operator}).frame);
    EXPECT_EQ(atBoard.reason, DropReason::Tag);
    ASSERT_FALSE(atBoard.reply.empty());
    Outcome atHost = link.toHost(atBoard.reply);
    EXPECT_EQ(atHost.reason, DropReason::Replay);
    EXPECT_EQ(link.host().state(), HostSession::State::Established);
}

TEST(Handshake, AHelloUnderAnotherKeyIsNotAnswered)
{
    Link link;
    HostSession forger(Link::kHost, test::keyFromSeed(9));
    Outcome outcome = link.toBoard(forger.hello(test::nonceFromSeed(5)).frame);
    EXPECT_EQ(outcome.reason, DropReason::Tag);
    EXPECT_TRUE(outcome.reply.empty());
}

TEST(Handshake, FramesOfAnotherHostAreDropped)
{
    Link link;
    BoardSession otherBoard(Link::kHost + 1, test::testKey());
    Outcome outcome = otherBoard.open(test::bodyOf(link.host().hello(test::nonceFromSeed(1)).frame),
                                      test::nonceFromSeed(2));
    EXPECT_EQ(outcome.reason, DropReason::WrongHost);
    EXPECT_EQ(peekHostId(test::bodyOf(link.host().hello(test::nonceFromSeed(1)).frame)), Link::kHost);
}

} // namespace
} // namespace icd
