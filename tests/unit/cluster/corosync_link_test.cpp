// CorosyncLink's own logic: on a scripted corosync (reconnects, eviction,
// send retries, link refresh, stop from a callback), and for real where no
// corosync runs (the build machines' host). With corosync,
// tests/integration/test_cluster_link.py covers the rest.

#include "cluster/corosync_link.hpp"
#include "recording_listener.hpp"
#include "scripted_session.hpp"

#include "common/loop/event_loop.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>

#include <unistd.h>

using namespace pgmd::cluster;
using namespace pgmd::cluster::test;
using namespace std::chrono_literals;

namespace {

void turnFor(pgm::EventLoop& loop, std::chrono::milliseconds span)
{
    auto end = std::chrono::steady_clock::now() + span;
    while (std::chrono::steady_clock::now() < end)
        sd_event_run(loop.get(), 5'000);
}

bool corosyncAnswers()
{
    cpg_handle_t handle = 0;
    if (cpg_initialize(&handle, nullptr) != CS_OK)
        return false;
    cpg_finalize(handle);
    return true;
}

} // namespace

TEST(CorosyncLinkWithoutCorosync, ReportsUnreachableOnceAndKeepsTrying)
{
    if (corosyncAnswers())
        GTEST_SKIP() << "a corosync answers here; this test needs none";
    pgm::EventLoop loop;
    RecordingListener listener;
    CorosyncLink link(loop, listener, {.reconnectFirst = 5ms, .reconnectMax = 10ms});
    link.start("pgmd-test");
    EXPECT_EQ(listener.events, (std::vector<std::string>{"disconnected unreachable"}));
    EXPECT_FALSE(link.isJoined());
    EXPECT_EQ(link.multicast(std::vector<std::uint8_t>{1, 2}), SendResult::NotJoined);
    turnFor(loop, 60ms);  // several attempts
    EXPECT_EQ(listener.events.size(), 1u);
    link.stop();
    link.stop();  // twice is harmless
}

// The link's own logic on a scripted corosync (scripted_session.hpp).

namespace {

bool runUntil(pgm::EventLoop& loop, const std::function<bool()>& done, std::chrono::milliseconds limit = 2s)
{
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        sd_event_run(loop.get(), 5'000);
    }
    return true;
}

std::vector<std::uint8_t> bytes(const std::string& s)
{
    return {s.begin(), s.end()};
}

struct LinkOnScriptedCorosync : ::testing::Test {
    const std::uint32_t self = static_cast<std::uint32_t>(::getpid());
    pgm::EventLoop loop;
    RecordingListener listener;
    ScriptedCorosync corosync;
    CorosyncLinkOptions options{.reconnectFirst = 2ms, .reconnectMax = 4ms, .sendRetry = 1ms, .sendAttempts = 5,
                                .linkRefresh = 2ms};
    std::unique_ptr<CorosyncLink> link;

    void SetUp() override
    {
        corosync.status[2] = ScriptedCorosync::nodeStatus(2, {true, true});
        link = std::make_unique<CorosyncLink>(loop, listener, options, corosync.opener());
    }

    void startAndJoin()
    {
        link->start("pgmd");
        ASSERT_TRUE(corosync.open());
        corosync.confchg({{1, self}, {2, 99}}, {}, {{1, self}}, CPG_REASON_JOIN);
        ASSERT_TRUE(link->isJoined());
    }
};

} // namespace

TEST_F(LinkOnScriptedCorosync, JoinedComesWithTheChangeThatShowsThisProcess)
{
    link->start("pgmd");
    EXPECT_TRUE(listener.events.empty());
    EXPECT_EQ(link->multicast(bytes("early")), SendResult::NotJoined);
    corosync.confchg({{1, self}, {2, 99}}, {}, {{1, self}}, CPG_REASON_JOIN);
    EXPECT_EQ(listener.events, (std::vector<std::string>{"joined 1", "members 1,2 +1:join"}));
    EXPECT_EQ(link->localNode(), NodeId{1});
    // Links are read once the callback is over, for the nodelist's other nodes.
    ASSERT_TRUE(runUntil(loop, [&] { return !listener.only("links").empty(); }));
    EXPECT_EQ(listener.lastLinks, (std::vector<LinkState>{{2, 0, true, true}, {2, 1, true, true}}));
}

TEST_F(LinkOnScriptedCorosync, RetriesOpeningAndReportsTheOutageOnce)
{
    corosync.openResults = {CS_ERR_LIBRARY, CS_ERR_TRY_AGAIN, CS_ERR_TRY_AGAIN};
    link->start("pgmd");
    ASSERT_TRUE(runUntil(loop, [&] { return corosync.open(); }));
    EXPECT_EQ(corosync.opens, 4);
    EXPECT_EQ(listener.events, (std::vector<std::string>{"disconnected unreachable"}));
    corosync.confchg({{1, self}}, {}, {{1, self}}, CPG_REASON_JOIN);
    EXPECT_EQ(listener.only("joined").size(), 1u);
}

TEST_F(LinkOnScriptedCorosync, EvictionDropsTheSessionOutsideTheCallbackAndRejoins)
{
    startAndJoin();
    corosync.confchg({{2, 99}}, {{1, self}}, {}, CPG_REASON_NODEDOWN);
    EXPECT_EQ(corosync.closes, 0);  // never finalized inside corosync's dispatch
    EXPECT_FALSE(link->isJoined());
    ASSERT_TRUE(runUntil(loop, [&] { return corosync.opens == 2; }));
    EXPECT_EQ(corosync.closes, 1);
    EXPECT_EQ(listener.only("disconnected"), (std::vector<std::string>{"disconnected evicted"}));
    EXPECT_EQ(listener.only("members").size(), 1u);  // the change without us is not passed on
    corosync.confchg({{1, self}, {2, 99}}, {}, {{1, self}}, CPG_REASON_JOIN);
    EXPECT_EQ(listener.only("joined").size(), 2u);
}

TEST_F(LinkOnScriptedCorosync, BrokenSessionIsReportedOncePerOutage)
{
    startAndJoin();
    corosync.broken("cpg_dispatch: CS_ERR_LIBRARY");
    corosync.openResults = {CS_ERR_LIBRARY, CS_ERR_LIBRARY};
    ASSERT_TRUE(runUntil(loop, [&] { return corosync.open() && corosync.opens == 4; }));
    EXPECT_EQ(listener.only("disconnected"), (std::vector<std::string>{"disconnected unreachable"}));
    corosync.confchg({{1, self}}, {}, {{1, self}}, CPG_REASON_JOIN);
    corosync.broken("cpg_dispatch: CS_ERR_LIBRARY");
    ASSERT_TRUE(runUntil(loop, [&] { return listener.only("disconnected").size() == 2; }));
}

TEST_F(LinkOnScriptedCorosync, RefusedSendsAreRetriedInOrder)
{
    startAndJoin();
    corosync.sendResults = {CS_OK, CS_ERR_TRY_AGAIN, CS_ERR_TRY_AGAIN};
    EXPECT_EQ(link->multicast(bytes("a")), SendResult::Queued);
    EXPECT_EQ(link->multicast(bytes("b")), SendResult::Queued);
    EXPECT_EQ(link->multicast(bytes("c")), SendResult::Queued);
    EXPECT_EQ(corosync.sent, (std::vector<std::string>{"a"}));
    ASSERT_TRUE(runUntil(loop, [&] { return corosync.sent.size() == 3; }));
    EXPECT_EQ(corosync.sent, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(listener.only("disconnected").empty());
    EXPECT_EQ(link->multicast(bytes("seventeen bytes!!")), SendResult::TooLarge);
}

TEST_F(LinkOnScriptedCorosync, SendsRefusedBeyondTheBudgetLoseTheLink)
{
    startAndJoin();
    corosync.sendResults.assign(options.sendAttempts, CS_ERR_TRY_AGAIN);
    link->multicast(bytes("a"));
    ASSERT_TRUE(runUntil(loop, [&] { return !listener.only("disconnected").empty(); }));
    EXPECT_EQ(listener.only("disconnected"), (std::vector<std::string>{"disconnected refused"}));
    EXPECT_TRUE(corosync.sent.empty());
    ASSERT_TRUE(runUntil(loop, [&] { return corosync.opens == 2; }));
}

TEST_F(LinkOnScriptedCorosync, LinksAreReadOnATimerOnlyWhileOneIsDown)
{
    corosync.status[2] = ScriptedCorosync::nodeStatus(2, {false, true});
    startAndJoin();
    ASSERT_TRUE(runUntil(loop, [&] { return corosync.statusReads >= 5; }));  // the timer reads again and again
    EXPECT_EQ(listener.only("links").size(), 1u);  // unchanged states are not repeated
    corosync.status[2] = ScriptedCorosync::nodeStatus(2, {true, true});
    ASSERT_TRUE(runUntil(loop, [&] { return listener.only("links").size() == 2; }));
    int reads = corosync.statusReads;
    turnFor(loop, 20ms);
    EXPECT_EQ(corosync.statusReads, reads);  // all up: no more reading
    link->refreshLinks();
    EXPECT_EQ(listener.only("links").size(), 3u);  // asked: reported even unchanged
}

TEST_F(LinkOnScriptedCorosync, TrackedLinkStatsAreReadWhenCorosyncSaysTheyChanged)
{
    corosync.tracksLinks = true;
    startAndJoin();
    ASSERT_TRUE(runUntil(loop, [&] { return listener.only("links").size() == 1u; }));
    int reads = corosync.statusReads;
    turnFor(loop, 20ms);
    EXPECT_EQ(corosync.statusReads, reads);  // all up: nothing read until corosync says so
    corosync.status[2] = ScriptedCorosync::nodeStatus(2, {false, true});
    corosync.linkStatsChanged();
    EXPECT_EQ(listener.only("links").size(), 1u);  // not inside corosync's callback
    ASSERT_TRUE(runUntil(loop, [&] { return listener.only("links").size() == 2u; }));
    EXPECT_EQ(listener.lastLinks, (std::vector<LinkState>{{2, 0, true, false}, {2, 1, true, true}}));
    // Back up between two of corosync's samples: no notification, the timer sees it.
    corosync.status[2] = ScriptedCorosync::nodeStatus(2, {true, true});
    ASSERT_TRUE(runUntil(loop, [&] { return listener.only("links").size() == 3u; }));
    EXPECT_EQ(link->localLinkAddresses(), corosync.linkAddresses);
    EXPECT_EQ(link->configuredNodes(), corosync.nodelist);
}

TEST_F(LinkOnScriptedCorosync, StopFromInsideACallbackLeavesAndFinalizesAfterIt)
{
    startAndJoin();
    listener.onMembership = [&] { link->stop(); };
    corosync.confchg({{1, self}, {2, 99}, {3, 7}}, {}, {{3, 7}}, CPG_REASON_JOIN);
    EXPECT_EQ(corosync.leaves, 1);
    EXPECT_EQ(corosync.closes, 0);
    // The rest of corosync's batch, still dispatched to the stopped link, is ignored.
    listener.onMembership = nullptr;
    auto before = listener.events;
    corosync.confchg({{1, self}, {2, 99}}, {{3, 7}}, {}, CPG_REASON_LEAVE);
    corosync.deliver(2, 99, "late");
    EXPECT_EQ(listener.events, before);
    EXPECT_EQ(link->multicast(bytes("x")), SendResult::NotJoined);
    ASSERT_TRUE(runUntil(loop, [&] { return corosync.closes == 1; }));
    turnFor(loop, 20ms);
    EXPECT_EQ(corosync.opens, 1);  // stopped: no reconnect
    EXPECT_TRUE(listener.only("disconnected").empty());
}

TEST_F(LinkOnScriptedCorosync, MessagesAndQuorumPassThrough)
{
    startAndJoin();
    corosync.quorum(true, {2, 1});
    corosync.deliver(2, 99, "hello");
    EXPECT_EQ(listener.only("quorate"), (std::vector<std::string>{"quorate 1,2"}));
    EXPECT_EQ(listener.only("message"), (std::vector<std::string>{"message 2 hello"}));
}
