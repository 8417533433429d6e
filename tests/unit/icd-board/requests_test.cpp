// What the host may ask, and when the board says no.

#include "board_harness.hpp"

using namespace icd::board;
using namespace icd::board::test;

TEST(Requests, PowerCycleIsAcknowledgedAndCarriedOut)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", RequestCycle{"reboot budget spent"});
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.lastReply().host, "a");
    EXPECT_EQ(h.state("a"), HostState::Cycling);
    EXPECT_EQ(h.host("a").lastAction().reason, "host requested power-cycle: reboot budget spent");
    EXPECT_EQ(h.host("a").lastAction().cause, ActionCause::HostRequest);
    EXPECT_EQ(h.host("a").counters().cycleRequests, 1u);
    EXPECT_EQ(h.host("a").counters().heartbeatTimeouts, 0u);
}

TEST(Requests, PowerCycleDuringGraceIsAccepted)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.advance(35s);
    ASSERT_EQ(h.state("a"), HostState::Grace);
    h.send("a", RequestCycle{""});
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.host("a").lastAction().reason, "host requested power-cycle");
}

TEST(Requests, PowerOffLatches)
{
    BoardHarness h({hostConfig("a")});
    h.send("a", Hello{});
    h.send("a", RequestOff{"unrecoverable"});
    EXPECT_TRUE(h.lastReply().accepted);
    EXPECT_EQ(h.state("a"), HostState::OffLatched);
    EXPECT_EQ(h.host("a").lastAction().kind, LastActionKind::PowerOff);
    EXPECT_EQ(h.host("a").lastAction().reason, "host requested power-off: unrecoverable");
    EXPECT_EQ(h.host("a").counters().offRequests, 1u);
}

struct Refused {
    const char* situation;
    void (*setUp)(BoardHarness&);
    Event request;
    Refusal refusal;
};

void disarmed(BoardHarness&) {}
void cycling(BoardHarness& h)
{
    h.send("a", Hello{});
    h.send("a", RequestCycle{"first"});
}
void latched(BoardHarness& h)
{
    h.send("a", Hello{});
    h.send("a", RequestOff{"first"});
}

class RefusedRequest : public testing::TestWithParam<Refused> {};

TEST_P(RefusedRequest, IsAnsweredWithItsReasonAndChangesNothing)
{
    const Refused& p = GetParam();
    BoardHarness h({hostConfig("a")});
    p.setUp(h);
    const HostState before = h.state("a");
    const auto commands = h.relayCommandsSent("a");
    const auto refusals = h.host("a").counters().refusals;
    h.send("a", p.request);
    EXPECT_FALSE(h.lastReply().accepted);
    EXPECT_EQ(h.lastReply().refusal, p.refusal);
    EXPECT_FALSE(h.lastReply().detail.empty());
    EXPECT_EQ(h.state("a"), before);
    EXPECT_EQ(h.relayCommandsSent("a"), commands);
    EXPECT_EQ(h.host("a").counters().refusals, refusals + 1);
}

INSTANTIATE_TEST_SUITE_P(
    Board, RefusedRequest,
    testing::Values(Refused{"cycle while disarmed", disarmed, RequestCycle{"x"}, Refusal::NotArmed},
                    Refused{"off while disarmed", disarmed, RequestOff{"x"}, Refusal::NotArmed},
                    Refused{"cycle while cycling", cycling, RequestCycle{"x"}, Refusal::Busy},
                    Refused{"off while cycling", cycling, RequestOff{"x"}, Refusal::Busy},
                    Refused{"disarm while cycling", cycling, Disarm{}, Refusal::Busy},
                    Refused{"cycle while latched", latched, RequestCycle{"x"}, Refusal::Latched},
                    Refused{"off while latched", latched, RequestOff{"x"}, Refusal::Latched},
                    Refused{"disarm while latched", latched, Disarm{}, Refusal::Latched},
                    Refused{"clear-latch while cycling", cycling, ClearLatch{}, Refusal::NotLatched}),
    [](const testing::TestParamInfo<Refused>& info) {
        std::string name = info.param.situation;
        std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
        return name;
    });

TEST(Requests, PowerCycleBeyondTheLimitPowersOffAndSaysSo)
{
    BoardHarness h({hostConfig("a")});
    for (int i = 0; i < 3; ++i) {
        h.send("a", Hello{});
        h.send("a", RequestCycle{"again"});
        ASSERT_TRUE(h.lastReply().accepted);
        h.advance(5s);  // off, hold, on
    }
    h.send("a", Hello{});
    h.send("a", RequestCycle{"again"});
    EXPECT_FALSE(h.lastReply().accepted);
    EXPECT_EQ(h.lastReply().refusal, Refusal::LimitReached);
    EXPECT_EQ(h.lastReply().detail,
              "cycle limit 3 in 1h reached: powered off and latched (host requested power-cycle: again)");
    EXPECT_EQ(h.state("a"), HostState::OffLatched);
    EXPECT_EQ(h.power("a"), PowerState::Off);
}

TEST(Requests, ForAnUnknownHostAreRefused)
{
    BoardHarness h({hostConfig("a")});
    h.send("b", RequestCycle{"x"});
    EXPECT_EQ(h.lastReply().host, "b");
    EXPECT_EQ(h.lastReply().refusal, Refusal::UnknownHost);
    h.send("b", Heartbeat{});
    EXPECT_EQ(h.warnings("b").size(), 1u);
}
