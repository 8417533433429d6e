// How the board's answers go back on the wire.

#include "link_translation.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

namespace board = icd::board;
using namespace icd;

TEST(LinkTranslation, AcceptedRequestsAreAcked)
{
    EXPECT_EQ(daemon::answerOf(7, board::Reply{"a", true, board::Refusal::None, {}}), BoardReply(Ack{7}));
}

TEST(LinkTranslation, RefusalsBecomeTheirNak)
{
    auto nak = [](board::Refusal r) { return daemon::answerOf(3, board::Reply{"a", false, r, {}}); };
    EXPECT_EQ(nak(board::Refusal::Latched), BoardReply(Nak{3, NakReason::Latched}));
    EXPECT_EQ(nak(board::Refusal::Busy), BoardReply(Nak{3, NakReason::Busy}));
    EXPECT_EQ(nak(board::Refusal::NotArmed), BoardReply(Nak{3, NakReason::NotArmed}));
    EXPECT_EQ(nak(board::Refusal::LimitReached), BoardReply(Nak{3, NakReason::Limit}));
    EXPECT_EQ(nak(board::Refusal::NotLatched), BoardReply(Nak{3, NakReason::NotLatched}));
    EXPECT_EQ(nak(board::Refusal::UnknownHost), BoardReply(Nak{3, NakReason::UnknownHost}));
}

// Every refusal the board can give has a NAK reason of its own on the wire,
// under the same name.
TEST(LinkTranslation, NoTwoRefusalsShareANak)
{
    const board::Refusal refusals[] = {board::Refusal::NotArmed, board::Refusal::Busy, board::Refusal::Latched,
                                       board::Refusal::NotLatched, board::Refusal::LimitReached,
                                       board::Refusal::UnknownHost};
    std::set<NakReason> reasons;
    for (board::Refusal r : refusals) {
        const BoardReply reply = daemon::answerOf(3, board::Reply{"a", false, r, {}});
        ASSERT_TRUE(std::holds_alternative<Nak>(reply)) << board::toString(r);
        EXPECT_TRUE(reasons.insert(std::get<Nak>(reply).reason).second) << board::toString(r);
        // The host's journal names it as the board's own log does.
        EXPECT_EQ(nakReasonName(std::get<Nak>(reply).reason), board::toString(r));
    }
}

TEST(LinkTranslation, HostMessagesBecomeBoardEvents)
{
    EXPECT_TRUE(std::holds_alternative<board::Heartbeat>(*daemon::boardEventOf(Heartbeat{})));
    EXPECT_TRUE(std::holds_alternative<board::RequestCycle>(*daemon::boardEventOf(RequestCycle{})));
    EXPECT_TRUE(std::holds_alternative<board::RequestOff>(*daemon::boardEventOf(RequestOff{})));
    EXPECT_TRUE(std::holds_alternative<board::Disarm>(*daemon::boardEventOf(Disarm{})));
    EXPECT_EQ(std::get<board::Disarm>(*daemon::boardEventOf(Disarm{})).cause, board::ActionCause::HostRequest);
    EXPECT_TRUE(std::holds_alternative<board::ExpectReboot>(*daemon::boardEventOf(ExpectReboot{})));
    EXPECT_FALSE(daemon::boardEventOf(StatusQuery{}));
    EXPECT_FALSE(daemon::boardEventOf(ClearLatch{1}));
}

TEST(LinkTranslation, StatusAfterAnAnnouncedRebootSaysGraceAndWhoAsked)
{
    board::HostConfig config;
    config.id = "a";
    board::HostWatch watch(config);
    const pgm::TimePoint announced{1'700'000'000'000'000};
    board::Actions out;
    watch.handle(board::Hello{}, {pgm::MonoTime{1'000'000}, announced}, out);
    watch.handle(board::ExpectReboot{}, {pgm::MonoTime{2'000'000}, announced}, out);

    daemon::StatusInputs in;
    in.querySeq = 9;
    in.watch = &watch;
    in.now = announced + std::chrono::seconds(42);
    const StatusReply status = daemon::statusReplyOf(in);
    EXPECT_EQ(status.inReplyTo, 9u);
    EXPECT_EQ(status.state, BoardState::Grace);
    // Not a power action; its cause and its age are still told.
    EXPECT_EQ(status.lastAction, PowerAction::None);
    EXPECT_EQ(status.lastActionReason, ActionReason::HostRequest);
    EXPECT_EQ(status.secondsSinceLastAction, 42u);
}

TEST(LinkTranslation, AnOperatorsDisarmIsToldAsNoPowerActionByTheOperator)
{
    board::HostConfig config;
    config.id = "a";
    board::HostWatch watch(config);
    const pgm::TimePoint disarmed{1'700'000'000'000'000};
    board::Actions out;
    watch.handle(board::Hello{}, {pgm::MonoTime{1'000'000}, disarmed}, out);
    watch.handle(board::Disarm{board::ActionCause::Operator}, {pgm::MonoTime{2'000'000}, disarmed}, out);

    daemon::StatusInputs in;
    in.watch = &watch;
    in.now = disarmed + std::chrono::seconds(7);
    const StatusReply status = daemon::statusReplyOf(in);
    EXPECT_EQ(status.state, BoardState::Disarmed);
    EXPECT_EQ(status.lastAction, PowerAction::None);
    EXPECT_EQ(status.lastActionReason, ActionReason::Operator);
    EXPECT_EQ(status.secondsSinceLastAction, 7u);
}

TEST(LinkTranslation, FenceAnswersUseTheRequestsSeq)
{
    EXPECT_EQ(daemon::answerOf(board::FenceAnswer{"a", 12, "b", true, board::Refusal::None, "granted"}),
              BoardReply(Ack{12}));
    EXPECT_EQ(daemon::answerOf(board::FenceAnswer{"a", 13, "b", false, board::Refusal::Refused, "lost"}),
              BoardReply(Nak{13, NakReason::Refused}));
    EXPECT_EQ(daemon::answerOf(board::FenceAnswer{"a", 14, "b", false, board::Refusal::NotPeer, ""}),
              BoardReply(Nak{14, NakReason::NotPeer}));
}

TEST(LinkTranslation, PeerStatusSaysOnlyWhatTheRelayConfirmed)
{
    board::PeerView view{board::Refusal::None, board::HostState::Cycling, board::PowerState::SwitchingOff,
                         std::chrono::milliseconds(1234)};
    EXPECT_EQ(daemon::peerStatusOf(5, 2, view), (PeerStatus{5, 2, BoardState::Cycling, 1234, PeerPower::Unknown}));
    view.power = board::PowerState::Off;
    view.sinceHeard.reset();
    EXPECT_EQ(daemon::peerStatusOf(5, 2, view), (PeerStatus{5, 2, BoardState::Cycling, kNeverBeat, PeerPower::Off}));
    // A figure never reads as "never".
    view.sinceHeard = std::chrono::hours(24 * 60);
    EXPECT_EQ(daemon::peerStatusOf(5, 2, view).msSinceBeat, kNeverBeat - 1);
}

TEST(LinkTranslation, NoticesCarryHostIdsAndWireReasons)
{
    const board::Notice notice{"a", 77, "b", board::NoticeEvent::Off, board::ActionCause::FenceRequest, "c"};
    EXPECT_EQ(daemon::peerNoticeOf(notice, 2, 3), (PeerNotice{77, 2, PeerEvent::Off, ActionReason::FenceRequest, 3}));
    const board::Notice fencing{"b", 78, "b", board::NoticeEvent::Fencing, board::ActionCause::HeartbeatTimeout, ""};
    EXPECT_EQ(daemon::peerNoticeOf(fencing, 2, 0),
              (PeerNotice{78, 2, PeerEvent::Fencing, ActionReason::HeartbeatTimeout, 0}));
}

} // namespace
