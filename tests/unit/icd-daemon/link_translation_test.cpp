// How the board's answers go back on the wire.

#include "link_translation.hpp"

#include <gtest/gtest.h>

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
    EXPECT_EQ(nak(board::Refusal::NotLatched), BoardReply(Nak{3, NakReason::NotPermitted}));
}

TEST(LinkTranslation, HostMessagesBecomeBoardEvents)
{
    EXPECT_TRUE(std::holds_alternative<board::Heartbeat>(*daemon::boardEventOf(Heartbeat{})));
    EXPECT_TRUE(std::holds_alternative<board::RequestCycle>(*daemon::boardEventOf(RequestCycle{})));
    EXPECT_TRUE(std::holds_alternative<board::RequestOff>(*daemon::boardEventOf(RequestOff{})));
    EXPECT_TRUE(std::holds_alternative<board::Disarm>(*daemon::boardEventOf(Disarm{})));
    EXPECT_FALSE(daemon::boardEventOf(StatusQuery{}));
    EXPECT_FALSE(daemon::boardEventOf(ClearLatch{1}));
}

} // namespace
