// BoardLinkSession against a real BoardSession, frames passed by hand: the session
// is opened and kept, lost sessions are renewed, and requests reach the board.

#include "host_link_fixture.hpp"

#include "board_link/board_link_session.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>

namespace pgmd::boardlink {
namespace {

using test::FakeBoard;
using test::HostLinkTest;

TEST_F(HostLinkTest, StartsDownAndComesUpOnTheFirstAnsweredRequest)
{
    EXPECT_EQ(link_.state(), LinkState::Down);
    link_.start();
    EXPECT_EQ(link_.state(), LinkState::Connecting);
    exchange();
    EXPECT_EQ(link_.state(), LinkState::Up);
    EXPECT_EQ(board_.hellos, 1u);
    // The request that puts the session in use on the board is a heartbeat.
    ASSERT_EQ(board_.accepted.size(), 1u);
    EXPECT_EQ(board_.accepted[0].type(), icd::MessageType::Heartbeat);
    EXPECT_EQ(link_.snapshot().lastReply, "ACK heartbeat (seq 1)");
    EXPECT_EQ(link_.snapshot().lastReplyAt, clock_.now());
}

TEST_F(HostLinkTest, SendsOneHeartbeatPerTick)
{
    connect();
    for (int i = 0; i < 5; ++i) {
        link_.tick();
        exchange();
    }
    EXPECT_EQ(board_.count(icd::MessageType::Heartbeat), 6u);
    EXPECT_EQ(link_.snapshot().heartbeatsSent, 6u);
    EXPECT_EQ(link_.state(), LinkState::Up);
}

TEST_F(HostLinkTest, SaysHelloAgainWhenTheBoardLostTheSession)
{
    connect();
    board_.restart();
    link_.tick(); // heartbeat -> NAK_NO_SESSION -> new HELLO -> HELLO_ACK -> heartbeat -> ACK
    exchange();
    EXPECT_EQ(board_.hellos, 2u) << "the restarted board saw one new HELLO";
    EXPECT_EQ(link_.state(), LinkState::Up);
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "holds no session"));
}

TEST_F(HostLinkTest, SaysHelloAgainWhenHeartbeatsGoUnanswered)
{
    connect();
    board_.silent = true;
    for (unsigned i = 0; i < BoardLinkSession::kUnansweredBeforeRehello; ++i) {
        link_.tick();
        exchange();
    }
    EXPECT_EQ(link_.state(), LinkState::Up);
    board_.silent = false;
    link_.tick();
    EXPECT_EQ(link_.state(), LinkState::Connecting);
    exchange();
    EXPECT_EQ(link_.state(), LinkState::Up);
    EXPECT_EQ(board_.hellos, 2u);
}

TEST_F(HostLinkTest, ResendsTheSameHelloThenTriesANewNonce)
{
    dropToBoard_ = true;
    link_.start();
    exchange();
    for (unsigned i = 1; i < BoardLinkSession::kHelloResends; ++i) {
        link_.tick();
        exchange();
    }
    EXPECT_EQ(nonces_, 1) << "resent HELLOs keep their nonce";
    link_.tick();
    exchange();
    EXPECT_EQ(nonces_, 2);
    EXPECT_EQ(link_.state(), LinkState::Connecting);
    dropToBoard_ = false;
    link_.tick();
    exchange();
    EXPECT_EQ(link_.state(), LinkState::Up);
}

TEST_F(HostLinkTest, CycleRequestReachesTheBoardWithItsReasonAndTheAnswerIsReported)
{
    connect();
    link_.requestCycle(icd::RequestReason::RebootBudgetSpent, "reboot budget spent");
    exchange();
    ASSERT_EQ(board_.count(icd::MessageType::RequestCycle), 1u);
    const icd::Message& m = board_.accepted.back();
    EXPECT_EQ(std::get<icd::RequestCycle>(m.payload).reason, icd::RequestReason::RebootBudgetSpent);
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "accepted to power-cycle"));
    EXPECT_EQ(link_.snapshot().lastReply, "ACK power-cycle request (seq " + std::to_string(m.seq) + ")");
}

TEST_F(HostLinkTest, RefusedCycleIsAnError)
{
    connect();
    board_.answer = [](const icd::Message& m) -> icd::BoardReply {
        if (m.type() == icd::MessageType::RequestCycle)
            return icd::Nak{m.seq, icd::NakReason::Limit};
        return icd::Ack{m.seq};
    };
    link_.requestCycle(icd::RequestReason::Operator, "operator");
    exchange();
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Error, "refused to power-cycle this host: NAK power-cycle request (seq "));
    EXPECT_TRUE(link_.snapshot().lastReply.ends_with("): limit")) << link_.snapshot().lastReply;
}

TEST_F(HostLinkTest, UnansweredCycleRequestIsResentAndActedOnOnce)
{
    connect();
    dropToHost_ = true; // the answer is lost on the way
    link_.requestCycle(icd::RequestReason::Unrecoverable, "fault");
    exchange();
    EXPECT_FALSE(sawEvent(LinkEvent::Level::Warning, "accepted to power-cycle"));
    dropToHost_ = false;
    link_.tick(); // a heartbeat and the same request again
    exchange();
    EXPECT_EQ(board_.count(icd::MessageType::RequestCycle), 1u) << "the copy is answered, not accepted again";
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "accepted to power-cycle"));
}

TEST_F(HostLinkTest, CycleRequestLostOnTheWayToTheBoardStillReachesIt)
{
    connect();
    dropToBoard_ = true; // the request itself is lost
    link_.requestCycle(icd::RequestReason::RebootBudgetSpent, "reboot budget spent");
    exchange();
    dropToBoard_ = false;
    for (int tick = 0; tick < 5 && board_.count(icd::MessageType::RequestCycle) == 0; ++tick) {
        link_.tick(); // a heartbeat, then the request again
        exchange();
    }
    EXPECT_EQ(board_.count(icd::MessageType::RequestCycle), 1u);
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "accepted to power-cycle"));
}

TEST_F(HostLinkTest, CycleRequestedBeforeTheSessionIsSentOnceItIsUp)
{
    link_.requestCycle(icd::RequestReason::RebootBudgetSpent, "early");
    exchange();
    EXPECT_EQ(board_.count(icd::MessageType::RequestCycle), 1u);
}

TEST_F(HostLinkTest, DisarmIsSentOnlyInASession)
{
    EXPECT_FALSE(unconnected().disarm());
    connect();
    EXPECT_TRUE(link_.disarm());
    exchange();
    EXPECT_EQ(board_.count(icd::MessageType::Disarm), 1u);
}

TEST_F(HostLinkTest, ExpectRebootIsSentOnlyInASession)
{
    EXPECT_FALSE(unconnected().expectReboot());
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "cannot announce the reboot to the independent computer"));
    connect();
    EXPECT_TRUE(link_.expectReboot());
    exchange();
    EXPECT_EQ(board_.count(icd::MessageType::ExpectReboot), 1u);
    EXPECT_EQ(board_.count(icd::MessageType::Disarm), 0u);
}

TEST_F(HostLinkTest, StopForARebootAnnouncesItAndLogsTheAnswer)
{
    connect();
    EXPECT_TRUE(link_.announceStop(StopReason::Reboot));
    exchange();
    ASSERT_EQ(board_.count(icd::MessageType::ExpectReboot), 1u);
    EXPECT_EQ(board_.count(icd::MessageType::Disarm), 0u);
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Info, "announcing the reboot to the independent computer (EXPECT_REBOOT)"));
    const std::string answer = "ACK expect-reboot (seq " + std::to_string(board_.accepted.back().seq) + ")";
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Info, "the board answered: " + answer));
    EXPECT_EQ(link_.snapshot().lastReply, answer);
}

TEST_F(HostLinkTest, StopForAShutdownDisarmsAndLogsTheAnswer)
{
    connect();
    EXPECT_TRUE(link_.announceStop(StopReason::Shutdown));
    exchange();
    ASSERT_EQ(board_.count(icd::MessageType::Disarm), 1u);
    EXPECT_EQ(board_.count(icd::MessageType::ExpectReboot), 0u);
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Info, "disarming the independent computer (DISARM)"));
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Info, "the board answered: ACK disarm"));
}

TEST_F(HostLinkTest, ARefusedRebootAnnouncementIsAWarningNamingTheReason)
{
    connect();
    board_.answer = [](const icd::Message& m) -> icd::BoardReply {
        if (m.type() == icd::MessageType::ExpectReboot)
            return icd::Nak{m.seq, icd::NakReason::Busy};
        return icd::Ack{m.seq};
    };
    link_.expectReboot();
    exchange();
    const std::string answer = "NAK expect-reboot (seq " + std::to_string(board_.accepted.back().seq) + "): busy";
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "the board answered: " + answer));
    EXPECT_EQ(link_.snapshot().lastReply, answer);
}

TEST_F(HostLinkTest, TheNakReasonIsNamedInTheLastReply)
{
    connect();
    const std::pair<icd::NakReason, const char*> cases[] = {{icd::NakReason::NotLatched, "not-latched"},
                                                            {icd::NakReason::UnknownHost, "unknown-host"},
                                                            {icd::NakReason::NotArmed, "not-armed"}};
    for (const auto& [reason, name] : cases) {
        board_.answer = [reason](const icd::Message& m) -> icd::BoardReply { return icd::Nak{m.seq, reason}; };
        ASSERT_TRUE(link_.queryStatus());
        exchange();
        const std::string expected =
            "NAK status query (seq " + std::to_string(board_.accepted.back().seq) + "): " + name;
        EXPECT_EQ(link_.snapshot().lastReply, expected);
        EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "the board answered: " + expected));
    }
}

TEST_F(HostLinkTest, RefusedHeartbeatsAreReportedOncePerReason)
{
    connect();
    icd::NakReason reason = icd::NakReason::Latched;
    board_.answer = [&reason](const icd::Message& m) -> icd::BoardReply { return icd::Nak{m.seq, reason}; };
    auto refusals = [this] {
        return std::count_if(events_.begin(), events_.end(), [](const LinkEvent& e) {
            return e.message.starts_with("the board refuses heartbeats: NAK heartbeat (seq ");
        });
    };
    for (int i = 0; i < 3; ++i) {
        link_.tick();
        exchange();
    }
    EXPECT_EQ(refusals(), 1);
    reason = icd::NakReason::Busy;
    link_.tick();
    exchange();
    EXPECT_EQ(refusals(), 2);
    EXPECT_TRUE(link_.snapshot().lastReply.ends_with("): busy")) << link_.snapshot().lastReply;
}

TEST_F(HostLinkTest, AStopIsSettledOnceTheBoardAnswers)
{
    EXPECT_TRUE(link_.stopSettled()) << "nothing to wait for before a stop";
    connect();
    ASSERT_TRUE(link_.announceStop(StopReason::Reboot));
    EXPECT_FALSE(link_.stopSettled());
    exchange();
    EXPECT_TRUE(link_.stopSettled());
}

TEST_F(HostLinkTest, AStopWithoutASessionHasNothingToWaitFor)
{
    EXPECT_FALSE(link_.announceStop(StopReason::Shutdown));
    EXPECT_TRUE(link_.stopSettled());
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "cannot disarm the independent computer: no session"));
}

TEST_F(HostLinkTest, AnOlderBoardThatDoesNotKnowExpectRebootIsDisarmedInstead)
{
    connect();
    board_.answer = [](const icd::Message& m) -> icd::BoardReply {
        if (m.type() == icd::MessageType::ExpectReboot)
            return icd::Nak{m.seq, icd::NakReason::UnknownType};
        return icd::Ack{m.seq};
    };
    link_.announceStop(StopReason::Reboot);
    exchange();
    EXPECT_EQ(board_.count(icd::MessageType::ExpectReboot), 1u);
    EXPECT_EQ(board_.count(icd::MessageType::Disarm), 1u);
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "does not know EXPECT_REBOOT (an older pgm-icd): disarming it"));
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Info, "the board answered: ACK disarm"));
    EXPECT_TRUE(link_.stopSettled());
}

TEST_F(HostLinkTest, WhileStoppingItSendsNoHeartbeatAndResendsTheSameRequest)
{
    connect();
    dropToHost_ = true; // the answer is lost
    link_.announceStop(StopReason::Shutdown);
    exchange();
    EXPECT_FALSE(link_.stopSettled());
    const std::size_t sent = framesSent_;
    for (unsigned i = 0; i < 2 * BoardLinkSession::kUnansweredBeforeRehello; ++i) {
        link_.tick();
        exchange();
    }
    EXPECT_EQ(framesSent_, sent) << "no heartbeat and no HELLO once stopping";
    dropToHost_ = false;
    link_.resendStop();
    exchange();
    EXPECT_TRUE(link_.stopSettled());
    EXPECT_EQ(board_.count(icd::MessageType::Disarm), 1u) << "the copy is answered, not acted on again";
    link_.resendStop();
    exchange();
    EXPECT_EQ(framesSent_, sent + 1) << "nothing is resent once answered";
}

TEST_F(HostLinkTest, ABoardWithoutTheSessionWhileStoppingGetsNoNewOne)
{
    connect();
    board_.restart();
    link_.announceStop(StopReason::Reboot);
    exchange();
    EXPECT_EQ(board_.hellos, 1u) << "a new session would have the board watch a host that is going away";
    EXPECT_TRUE(link_.stopSettled());
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "holds no session of this host while pgmd stops"));
}

TEST_F(HostLinkTest, StatusReplySetsTheBoardState)
{
    connect();
    board_.answer = [](const icd::Message& m) -> icd::BoardReply {
        if (m.type() == icd::MessageType::StatusQuery) {
            icd::StatusReply r;
            r.inReplyTo = m.seq;
            r.state = icd::BoardState::Armed;
            r.cycleLimit = 3;
            return r;
        }
        return icd::Ack{m.seq};
    };
    EXPECT_TRUE(link_.queryStatus());
    exchange();
    EXPECT_EQ(link_.snapshot().boardState, "armed");
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Info, "armed, 0/3 cycles in window"));
}

TEST_F(HostLinkTest, CountsWhatItDrops)
{
    connect();
    const icd::Bytes noise = {0x00, 0x05, 0x01, 0x02, 0x03, 0x04, 0x00};
    link_.onBytes(noise);
    const auto counters = link_.snapshot().counters;
    EXPECT_EQ(counters.at("accepted"), 2u); // HELLO_ACK and one ACK
    std::uint64_t drops = 0;
    for (const auto& [name, n] : counters)
        if (name != "accepted")
            drops += n;
    EXPECT_EQ(drops, 1u);
}

TEST_F(HostLinkTest, StaysDownWithoutARandomNonce)
{
    BoardLinkSession link(FakeBoard::kHost, test::testKey(), clock_, [](const icd::Bytes&) {},
                  [this](const LinkEvent& e) { events_.push_back(e); }, [] { return std::optional<icd::Nonce>{}; });
    link.start();
    EXPECT_EQ(link.state(), LinkState::Down);
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Error, "no random nonce"));
}

} // namespace
} // namespace pgmd::boardlink
