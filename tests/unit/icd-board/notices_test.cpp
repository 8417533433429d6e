// Notices to a host's peers: being fenced, off (confirmed), on again; kept
// until acknowledged, the latest per peer.

#include "board_harness.hpp"

using namespace icd::board;
using namespace icd::board::test;

namespace {

// "to:peer:event:cause:by" for each notice, in order.
std::vector<std::string> summary(const std::vector<Notice>& notices)
{
    std::vector<std::string> out;
    for (const Notice& n : notices)
        out.push_back(n.to + ":" + n.peer + ":" + toString(n.event) + ":" + toString(n.cause) + ":" + n.by);
    return out;
}

TEST(Notices, AGrantedFenceIsToldToTheTargetAndItsPeersThenOffThenOn)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.clearLog();
    h.fence("a", "b", 1, 1);
    h.advance(500ms);  // granted; the relay confirms off at once
    EXPECT_EQ(summary(h.notices()), (std::vector<std::string>{
                                        "b:b:fencing:fence-request:a",
                                        "a:b:fencing:fence-request:a",
                                        "c:b:fencing:fence-request:a",
                                        "a:b:off:fence-request:a",
                                        "c:b:off:fence-request:a",
                                    }));
    h.clearLog();
    h.advance(5s);  // the off time; then powered on
    EXPECT_EQ(h.power("b"), PowerState::On);
    EXPECT_EQ(summary(h.notices()),
              (std::vector<std::string>{"a:b:on:fence-request:a", "c:b:on:fence-request:a"}));
}

TEST(Notices, EveryConfirmedOffIsToldWithItsCause)
{
    struct Case {
        const char* situation;
        void (*cause)(BoardHarness&);
        ActionCause expected;
    };
    const Case cases[] = {
        {"heartbeat timeout", [](BoardHarness& h) { h.advance(31s); }, ActionCause::HeartbeatTimeout},
        {"power-cycle request", [](BoardHarness& h) { h.send("b", RequestCycle{"budget"}); }, ActionCause::HostRequest},
        {"power-off request", [](BoardHarness& h) { h.send("b", RequestOff{"fault"}); }, ActionCause::HostRequest},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.situation);
        BoardHarness h(threePeers());
        h.armAll();
        h.board->handle("a", Heartbeat{});
        h.clearLog();
        c.cause(h);
        std::vector<Notice> offs;
        for (const Notice& n : h.notices())
            if (n.peer == "b" && n.event == NoticeEvent::Off)
                offs.push_back(n);
        ASSERT_EQ(offs.size(), 2u);
        EXPECT_EQ(offs[0].to, "a");
        EXPECT_EQ(offs[1].to, "c");
        EXPECT_EQ(offs[0].cause, c.expected);
        EXPECT_EQ(offs[0].by, "");
    }
}

TEST(Notices, OffIsToldOnlyOnceTheRelayConfirmedIt)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.autoRelay = false;
    h.clearLog();
    h.send("b", RequestOff{"fault"});
    EXPECT_EQ(summary(h.notices()), (std::vector<std::string>{"b:b:fencing:host-request:", "a:b:fencing:host-request:",
                                                              "c:b:fencing:host-request:"}));
    h.clearLog();
    h.advance(10s);  // the relay timeout: the command is sent again, no second "fencing"
    h.advance(5s);
    EXPECT_TRUE(h.notices().empty());
    ASSERT_TRUE(h.confirmRelay("b"));  // the first command's late answer is ignored
    ASSERT_TRUE(h.confirmRelay("b"));
    EXPECT_EQ(summary(h.notices()), (std::vector<std::string>{"a:b:off:host-request:", "c:b:off:host-request:"}));
}

TEST(Notices, FencingComesBeforeThePowerOffCommand)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.clearLog();
    h.send("b", RequestCycle{"budget"});
    bool noticed = false;
    for (const Action& a : h.log()) {
        if (std::holds_alternative<Notice>(a))
            noticed = true;
        if (std::holds_alternative<RelayPowerOff>(a)) {
            EXPECT_TRUE(noticed);
            break;
        }
    }
    EXPECT_TRUE(noticed);
}

TEST(Notices, GoOnlyToPeers)
{
    std::vector<HostConfig> hosts = {hostConfig("a", 1), hostConfig("b", 2), hostConfig("c", 3)};
    hosts[0].peers = {"b"};
    hosts[1].peers = {"a"};
    hosts[2].peers = std::vector<std::string>{};
    BoardHarness h(hosts);
    h.armAll();
    h.clearLog();
    h.send("b", RequestOff{"fault"});
    for (const Notice& n : h.notices())
        EXPECT_NE(n.to, "c");
    EXPECT_EQ(h.notices("a").size(), 2u);  // fencing, off
    h.clearLog();
    h.send("c", RequestOff{"fault"});
    EXPECT_EQ(summary(h.notices()), std::vector<std::string>{"c:c:fencing:host-request:"});
}

TEST(Notices, StayOutstandingUntilAcknowledgedTheLatestPerPeer)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.send("b", RequestCycle{"budget"});  // fencing, off: the off replaced the fencing
    h.send("c", RequestOff{"fault"});
    std::vector<Notice> pending = h.board->outstandingNotices("a");
    ASSERT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending[0].peer, "b");
    EXPECT_EQ(pending[0].event, NoticeEvent::Off);
    EXPECT_EQ(pending[1].peer, "c");
    EXPECT_EQ(pending[1].event, NoticeEvent::Off);

    // Acknowledging a replaced notice changes nothing.
    const std::vector<Notice> sent = h.notices("a");
    ASSERT_EQ(sent.front().event, NoticeEvent::Fencing);
    h.board->acknowledgeNotice("a", sent.front().id);
    EXPECT_EQ(h.board->outstandingNotices("a").size(), 2u);

    h.board->acknowledgeNotice("a", pending[0].id);
    h.board->acknowledgeNotice("a", pending[0].id);  // a repeat
    ASSERT_EQ(h.board->outstandingNotices("a").size(), 1u);
    EXPECT_EQ(h.board->outstandingNotices("a")[0].peer, "c");
    // Acknowledgements are per host. c is owed b's "off"; its own "fencing"
    // was withdrawn once c was off.
    ASSERT_EQ(h.board->outstandingNotices("c").size(), 1u);
    EXPECT_EQ(h.board->outstandingNotices("c")[0].peer, "b");

    h.advance(5s);  // b is powered on again: "on" replaces b's acknowledged "off"
    ASSERT_EQ(h.board->outstandingNotices("a").size(), 2u);
    EXPECT_EQ(h.board->outstandingNotices("a")[0].event, NoticeEvent::On);
}

TEST(Notices, IdsAreDistinctAndCountUp)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.send("b", RequestCycle{"budget"});
    h.advance(5s);
    const auto all = h.notices();
    ASSERT_GE(all.size(), 6u);
    for (std::size_t i = 1; i < all.size(); ++i)
        EXPECT_EQ(all[i].id, all[i - 1].id + 1);
}

TEST(Notices, ALatchRestoredAfterARestartIsToldOffAgain)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.send("b", RequestOff{"fault"});
    h.clearLog();
    h.restartSameBoot();
    EXPECT_EQ(summary(h.notices()), (std::vector<std::string>{"a:b:off:host-request:", "c:b:off:host-request:"}));
}

TEST(PeerView, SaysHowTheBoardSeesAPeer)
{
    std::vector<HostConfig> hosts = threePeers();
    hosts[0].peers = {"b"};
    hosts[1].peers = {"a", "c"};
    hosts[2].peers = {"b"};
    BoardHarness h(hosts);
    h.send("a", Hello{});
    h.send("b", Hello{});
    h.advance(1200ms);
    h.send("b", Heartbeat{});
    h.advance(300ms);
    const PeerView view = h.board->viewOfPeer("a", "b");
    EXPECT_EQ(view.refusal, Refusal::None);
    EXPECT_EQ(view.state, HostState::Armed);
    ASSERT_TRUE(view.sinceHeard);
    EXPECT_EQ(*view.sinceHeard, 300ms);
    EXPECT_FALSE(h.board->viewOfPeer("b", "c").sinceHeard);  // never heard
    EXPECT_EQ(h.board->viewOfPeer("b", "c").state, HostState::Disarmed);
    EXPECT_EQ(h.board->viewOfPeer("a", "c").refusal, Refusal::NotPeer);
    EXPECT_EQ(h.board->viewOfPeer("a", "x").refusal, Refusal::UnknownHost);
}

} // namespace
