// Fencing through the board, host side, against the real BoardSession:
// FENCE_PEER resent as the same bytes until answered (also when the answer
// comes after the race window), each answer reported; an older board's NAK
// unknown-type makes the link "cannot fence"; PEER_NOTICE acknowledged every
// time and handed on once per id; PEER_QUERY answered with PEER_STATUS.

#include "host_link_fixture.hpp"

#include <gtest/gtest.h>

namespace pgmd::boardlink {
namespace {

using test::FakeBoard;

constexpr icd::HostId kPeer = 3;

class BoardFencingTest : public test::HostLinkTest {
protected:
    BoardFencingTest()
    {
        link_.setBoardListener([this](const BoardEvent& e) { news_.push_back(e); });
    }

    template <typename T> std::vector<T> newsOf() const
    {
        std::vector<T> out;
        for (const BoardEvent& e : news_)
            if (const auto* t = std::get_if<T>(&e))
                out.push_back(*t);
        return out;
    }

    std::optional<bool> lastAbility() const
    {
        const auto all = newsOf<FenceAbility>();
        return all.empty() ? std::nullopt : std::optional<bool>(all.back().canFence);
    }

    // The board sends a notice; what the link sends back goes to the board.
    void notice(const icd::PeerNotice& n)
    {
        link_.onBytes(board_.notice(n));
        exchange();
    }

    std::vector<BoardEvent> news_;
};

TEST_F(BoardFencingTest, CanFenceOnceTheLinkIsUp)
{
    EXPECT_EQ(lastAbility(), false) << "told at once: no session yet";
    connect();
    EXPECT_EQ(lastAbility(), true);
    EXPECT_TRUE(link_.canFence());
}

TEST_F(BoardFencingTest, FenceRequestCarriesTargetAndActiveGroupsAndIsGranted)
{
    connect();
    link_.fencePeer(kPeer, 2);
    exchange();
    ASSERT_EQ(board_.count(icd::MessageType::FencePeer), 1u);
    const auto& request = std::get<icd::FencePeer>(board_.accepted.back().payload);
    EXPECT_EQ(request.target, kPeer);
    EXPECT_EQ(request.activeGroups, 2u);
    const auto answers = newsOf<FenceAnswer>();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].target, kPeer);
    EXPECT_EQ(answers[0].result, FenceAnswer::Result::Granted);
}

// The board holds the request for its race window: copies sent meanwhile are
// duplicates it drops; the answer, once decided, is reported once.
TEST_F(BoardFencingTest, UnansweredRequestIsResentAsTheSameBytesUntilTheLateAnswer)
{
    connect();
    std::optional<std::uint32_t> held;
    board_.answer = [&](const icd::Message& m) -> std::optional<icd::BoardReply> {
        if (m.type() != icd::MessageType::FencePeer)
            return icd::Ack{m.seq};
        held = m.seq;
        return std::nullopt;
    };
    link_.fencePeer(kPeer, 0);
    exchange();
    ASSERT_TRUE(held);
    const std::size_t before = framesSent_;
    link_.tick();  // a heartbeat and the same request again
    exchange();
    EXPECT_EQ(framesSent_, before + 2);
    EXPECT_EQ(board_.count(icd::MessageType::FencePeer), 1u) << "the copy is a duplicate, not a new request";
    EXPECT_TRUE(newsOf<FenceAnswer>().empty());

    link_.onBytes(board_.reply(icd::Nak{*held, icd::NakReason::Refused}));
    const auto answers = newsOf<FenceAnswer>();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].result, FenceAnswer::Result::Refused);
    link_.tick();
    exchange();
    EXPECT_EQ(board_.count(icd::MessageType::FencePeer), 1u) << "answered: not sent again";
}

TEST_F(BoardFencingTest, ResentAfterALostAnswerAndReportedOnce)
{
    connect();
    dropToHost_ = true;
    link_.fencePeer(kPeer, 1);
    exchange();
    dropToHost_ = false;
    EXPECT_TRUE(newsOf<FenceAnswer>().empty());
    link_.tick();
    exchange();
    EXPECT_EQ(board_.count(icd::MessageType::FencePeer), 1u);
    ASSERT_EQ(newsOf<FenceAnswer>().size(), 1u);
    EXPECT_EQ(newsOf<FenceAnswer>()[0].result, FenceAnswer::Result::Granted);
}

// An older board answers the unknown type automatically with NAK
// unknown-type (the same frame as here): the link then cannot fence, until
// pgmd restarts, and says so once.
TEST_F(BoardFencingTest, OlderBoardNakUnknownTypeMeansCannotFence)
{
    connect();
    board_.answer = [](const icd::Message& m) -> std::optional<icd::BoardReply> {
        if (m.type() == icd::MessageType::FencePeer)
            return icd::Nak{m.seq, icd::NakReason::UnknownType};
        return icd::Ack{m.seq};
    };
    link_.fencePeer(kPeer, 0);
    exchange();
    const auto answers = newsOf<FenceAnswer>();
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(answers[0].result, FenceAnswer::Result::CannotFence);
    EXPECT_EQ(lastAbility(), false);
    EXPECT_FALSE(link_.canFence());
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "does not know FENCE_PEER"));
    // Heartbeats go on; the link stays up but still cannot fence.
    link_.tick();
    exchange();
    EXPECT_EQ(link_.state(), LinkState::Up);
    EXPECT_FALSE(link_.canFence());
}

// Not a peer, unknown host: the arbiter asks again later; the board can still fence.
TEST_F(BoardFencingTest, OtherRefusalsAreReportedAsFailures)
{
    connect();
    board_.answer = [](const icd::Message& m) -> std::optional<icd::BoardReply> {
        if (m.type() == icd::MessageType::FencePeer)
            return icd::Nak{m.seq, icd::NakReason::NotPeer};
        return icd::Ack{m.seq};
    };
    link_.fencePeer(kPeer, 0);
    exchange();
    ASSERT_EQ(newsOf<FenceAnswer>().size(), 1u);
    EXPECT_EQ(newsOf<FenceAnswer>()[0].result, FenceAnswer::Result::Failed);
    EXPECT_NE(newsOf<FenceAnswer>()[0].text.find("not-peer"), std::string::npos) << newsOf<FenceAnswer>()[0].text;
    EXPECT_TRUE(link_.canFence());
}

TEST_F(BoardFencingTest, RequestBeforeTheSessionIsSentOnceItIsUp)
{
    link_.fencePeer(kPeer, 1);
    exchange();
    EXPECT_EQ(board_.count(icd::MessageType::FencePeer), 1u);
    EXPECT_EQ(newsOf<FenceAnswer>().size(), 1u);
}

TEST_F(BoardFencingTest, NoticeIsAcknowledgedAndHandedOnOnce)
{
    connect();
    const icd::PeerNotice off{41, kPeer, icd::PeerEvent::Off, icd::ActionReason::HeartbeatTimeout, 0};
    notice(off);
    ASSERT_EQ(newsOf<icd::PeerNotice>().size(), 1u);
    EXPECT_EQ(newsOf<icd::PeerNotice>()[0], off);
    ASSERT_EQ(board_.count(icd::MessageType::NoticeAck), 1u);
    EXPECT_EQ(std::get<icd::NoticeAck>(board_.accepted.back().payload).id, 41u);
    EXPECT_TRUE(sawEvent(LinkEvent::Level::Warning, "host 3 off"));

    // The board did not hear the ack and sends it again: acknowledged again, not acted on again.
    notice(off);
    EXPECT_EQ(newsOf<icd::PeerNotice>().size(), 1u);
    EXPECT_EQ(board_.count(icd::MessageType::NoticeAck), 2u);

    // A new notice about the same peer is news.
    notice(icd::PeerNotice{42, kPeer, icd::PeerEvent::On, icd::ActionReason::HeartbeatTimeout, 0});
    EXPECT_EQ(newsOf<icd::PeerNotice>().size(), 2u);
}

TEST_F(BoardFencingTest, LostAckMeansTheNoticeComesAgainAndIsOnlyAcknowledged)
{
    connect();
    dropToBoard_ = true;
    notice(icd::PeerNotice{7, kPeer, icd::PeerEvent::Fencing, icd::ActionReason::FenceRequest, FakeBoard::kHost});
    dropToBoard_ = false;
    EXPECT_EQ(board_.count(icd::MessageType::NoticeAck), 0u);
    notice(icd::PeerNotice{7, kPeer, icd::PeerEvent::Fencing, icd::ActionReason::FenceRequest, FakeBoard::kHost});
    EXPECT_EQ(board_.count(icd::MessageType::NoticeAck), 1u);
    EXPECT_EQ(newsOf<icd::PeerNotice>().size(), 1u);
}

// A restarted board numbers its notices from 1 again: ids seen before it
// lost the session are forgotten.
TEST_F(BoardFencingTest, ARestartedBoardsNoticeIdsAreNewAgain)
{
    connect();
    notice(icd::PeerNotice{1, kPeer, icd::PeerEvent::Off, icd::ActionReason::HeartbeatTimeout, 0});
    board_.restart();
    link_.tick();
    exchange();
    ASSERT_EQ(link_.state(), LinkState::Up);
    notice(icd::PeerNotice{1, kPeer, icd::PeerEvent::On, icd::ActionReason::None, 0});
    EXPECT_EQ(newsOf<icd::PeerNotice>().size(), 2u);
}

TEST_F(BoardFencingTest, PeerQueryIsAnsweredWithPeerStatus)
{
    connect();
    board_.answer = [](const icd::Message& m) -> std::optional<icd::BoardReply> {
        if (m.type() == icd::MessageType::PeerQuery)
            return icd::PeerStatus{m.seq, kPeer, icd::BoardState::Armed, 120, icd::PeerPower::On};
        return icd::Ack{m.seq};
    };
    ASSERT_TRUE(link_.queryPeer(kPeer));
    exchange();
    const auto statuses = newsOf<icd::PeerStatus>();
    ASSERT_EQ(statuses.size(), 1u);
    EXPECT_EQ(statuses[0].target, kPeer);
    EXPECT_EQ(statuses[0].msSinceBeat, 120u);
    EXPECT_EQ(statuses[0].power, icd::PeerPower::On);
}

TEST_F(BoardFencingTest, NoPeerQueryWithoutASession)
{
    EXPECT_FALSE(link_.queryPeer(kPeer));
}

} // namespace
} // namespace pgmd::boardlink
