// The board as arbiter: fence requests, their rulings, and the race of two
// hosts asking to fence each other.

#include "board_harness.hpp"

#include "board/fence_rules.hpp"

using namespace icd::board;
using namespace icd::board::test;

namespace {

std::size_t powerOffsSent(const BoardHarness& h, const std::string& host)
{
    std::size_t n = 0;
    for (const Action& a : h.log())
        if (auto* off = std::get_if<RelayPowerOff>(&a); off && off->host == host)
            ++n;
    return n;
}

struct Immediate {
    const char* situation;
    const char* armed;     // which hosts said hello: "abc" or "a"
    const char* eventFor;  // then this host, if any, gets `event`
    Event event;
    const char* requester;
    const char* target;
    bool accepted;
    Refusal refusal;
    bool targetFenced;  // the request itself switches the target off
};

TEST(Fence, RulingsGivenAtOnce)
{
    const Event none = Heartbeat{};
    const Immediate cases[] = {
        {"unknown target", "abc", nullptr, none, "a", "z", false, Refusal::UnknownHost, false},
        {"unknown requester", "abc", nullptr, none, "z", "b", false, Refusal::UnknownHost, false},
        {"the requester itself", "abc", nullptr, none, "a", "a", false, Refusal::NotPeer, false},
        {"requester being fenced", "abc", "a", RequestCycle{"budget"}, "a", "b", false, Refusal::Refused, false},
        {"requester latched off", "abc", "a", RequestOff{"fault"}, "a", "b", false, Refusal::Refused, false},
        {"target being switched off", "abc", "b", RequestCycle{"budget"}, "a", "b", true, Refusal::None, false},
        {"target latched off", "abc", "b", RequestOff{"fault"}, "a", "b", true, Refusal::None, false},
        {"target disarmed", "a", nullptr, none, "a", "b", true, Refusal::None, true},
        {"target in its boot grace", "abc", "b", ExpectReboot{}, "a", "b", true, Refusal::None, true},
    };
    for (const Immediate& c : cases) {
        SCOPED_TRACE(c.situation);
        BoardHarness h(threePeers());
        for (const char* host = c.armed; *host; ++host)
            h.send(std::string(1, *host), Hello{});
        if (c.eventFor)
            h.send(c.eventFor, c.event);
        const std::size_t offsBefore = powerOffsSent(h, c.target);
        h.clearLog();
        h.fence(c.requester, c.target, 1, 42);
        const auto answers = h.fenceAnswers();
        ASSERT_EQ(answers.size(), 1u);
        EXPECT_EQ(answers[0].requester, c.requester);
        EXPECT_EQ(answers[0].target, c.target);
        EXPECT_EQ(answers[0].token, 42u);
        EXPECT_EQ(answers[0].accepted, c.accepted);
        EXPECT_EQ(answers[0].refusal, c.refusal);
        EXPECT_FALSE(answers[0].detail.empty());
        EXPECT_EQ(powerOffsSent(h, c.target), c.targetFenced ? 1u : 0u) << offsBefore;
        EXPECT_EQ(h.board->fencesWaiting(), 0u);
    }
}

TEST(Fence, OnlyPeersMayFenceEachOther)
{
    std::vector<HostConfig> hosts = {hostConfig("a", 1), hostConfig("b", 2), hostConfig("c", 3), hostConfig("d", 4)};
    hosts[0].peers = {"b"};
    hosts[1].peers = {"a"};
    hosts[2].peers = {"d"};
    hosts[3].peers = {"c"};
    BoardHarness h(hosts);
    h.armAll({"a", "b", "c", "d"});
    h.fence("a", "c", 1, 7);
    ASSERT_EQ(h.fenceAnswers().size(), 1u);
    EXPECT_EQ(h.fenceAnswers()[0].refusal, Refusal::NotPeer);
    EXPECT_EQ(h.state("c"), HostState::Armed);
    EXPECT_EQ(h.board->peersOf("a"), std::vector<std::string>{"b"});
    EXPECT_EQ(h.board->peersOf("c"), std::vector<std::string>{"d"});
}

TEST(Fence, AgainstAHostStillBeatingWaitsForTheRaceWindowThenGrants)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.clearLog();
    h.fence("a", "b", 2, 5);
    EXPECT_TRUE(h.fenceAnswers().empty());
    EXPECT_EQ(h.board->fencesWaiting(), 1u);
    h.send("b", Heartbeat{});
    h.advance(499ms);
    EXPECT_TRUE(h.fenceAnswers().empty());
    EXPECT_EQ(h.state("b"), HostState::Armed);

    h.advance(1ms);
    ASSERT_EQ(h.fenceAnswers().size(), 1u);
    EXPECT_TRUE(h.fenceAnswers()[0].accepted);
    EXPECT_EQ(h.fenceAnswers()[0].detail, "no counter request within the race window");
    EXPECT_EQ(h.state("b"), HostState::Cycling);
    EXPECT_EQ(h.host("b").lastAction().cause, ActionCause::FenceRequest);
    EXPECT_EQ(h.host("b").lastAction().reason, "fenced at the request of host a");
    EXPECT_EQ(h.host("b").counters().fencedByPeer, 1u);
    EXPECT_EQ(h.host("b").counters().powerCycles, 1u);
    EXPECT_EQ(h.host("a").counters().fenceRequests, 1u);
    EXPECT_EQ(h.state("a"), HostState::Armed);
}

TEST(Fence, TheRaceWindowIsASetting)
{
    BoardHarness h(threePeers(), "boot-1", FenceSettings{2s});
    h.armAll();
    h.fence("a", "b", 2, 5);
    h.advance(1900ms);
    EXPECT_TRUE(h.fenceAnswers().empty());
    h.advance(100ms);
    EXPECT_EQ(h.fenceAnswers().size(), 1u);
}

struct Race {
    const char* situation;
    unsigned groupsA, groupsB;
    unsigned idA, idB;
    const char* winner;
};

// Both ask within the window: exactly one is granted, whichever asked first.
TEST(Fence, ARaceHasExactlyOneWinner)
{
    const Race races[] = {
        {"a holds more groups", 3, 1, 1, 2, "a"},
        {"b holds more groups", 1, 3, 1, 2, "b"},
        {"more groups beat a lower id", 1, 2, 1, 2, "b"},
        {"equal groups: a's lower id", 2, 2, 1, 2, "a"},
        {"equal groups: b's lower id", 2, 2, 9, 2, "b"},
        {"no groups at all: the lower id", 0, 0, 4, 3, "b"},
    };
    for (const Race& r : races) {
        for (bool aFirst : {true, false}) {
            SCOPED_TRACE(std::string(r.situation) + (aFirst ? ", a asks first" : ", b asks first"));
            BoardHarness h({hostConfig("a", r.idA), hostConfig("b", r.idB), hostConfig("c", 3 + r.idA + r.idB)});
            h.armAll();
            h.clearLog();
            if (aFirst) {
                h.fence("a", "b", r.groupsA, 10);
                h.advance(300ms);
                h.fence("b", "a", r.groupsB, 20);
            } else {
                h.fence("b", "a", r.groupsB, 20);
                h.advance(300ms);
                h.fence("a", "b", r.groupsA, 10);
            }
            const std::string winner = r.winner;
            const std::string loser = winner == "a" ? "b" : "a";
            const auto answers = h.fenceAnswers();
            ASSERT_EQ(answers.size(), 2u);
            for (const FenceAnswer& answer : answers) {
                EXPECT_EQ(answer.accepted, answer.requester == winner) << answer.requester;
                if (answer.requester == loser) {
                    EXPECT_EQ(answer.refusal, Refusal::Refused);
                    EXPECT_NE(answer.detail.find("fenced at the request of host " + winner), std::string::npos)
                        << answer.detail;
                }
            }
            EXPECT_EQ(powerOffsSent(h, loser), 1u);
            EXPECT_EQ(powerOffsSent(h, winner), 0u);
            EXPECT_EQ(h.state(loser), HostState::Cycling);
            EXPECT_EQ(h.state(winner), HostState::Armed);
            EXPECT_EQ(h.host(loser).counters().refusals, 1u);
            EXPECT_EQ(h.board->fencesWaiting(), 0u);
            // Nothing else is decided later.
            h.advance(1s);
            EXPECT_EQ(h.fenceAnswers().size(), 2u);
            EXPECT_EQ(powerOffsSent(h, winner), 0u);
        }
    }
}

TEST(Fence, ACounterRequestAfterTheWindowIsRefused)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.fence("a", "b", 0, 1);
    h.advance(500ms);
    ASSERT_EQ(h.state("b"), HostState::Cycling);
    h.clearLog();
    h.fence("b", "a", 5, 2);
    ASSERT_EQ(h.fenceAnswers().size(), 1u);
    EXPECT_EQ(h.fenceAnswers()[0].refusal, Refusal::Refused);
    EXPECT_EQ(h.state("a"), HostState::Armed);
}

TEST(Fence, TheTargetSwitchedOffForAnotherReasonAnswersTheWaitingRequest)
{
    HostConfig b = hostConfig("b", 2);
    b.heartbeatTimeout = 1s;
    BoardHarness h({hostConfig("a", 1), b});
    h.send("a", Hello{});
    h.send("b", Hello{});
    h.advance(800ms);
    h.send("a", Heartbeat{});
    h.fence("a", "b", 1, 3);
    EXPECT_TRUE(h.fenceAnswers().empty());
    h.advance(200ms);  // b's heartbeat timeout, before the window ends
    ASSERT_EQ(h.fenceAnswers().size(), 1u);
    EXPECT_TRUE(h.fenceAnswers()[0].accepted);
    EXPECT_EQ(h.fenceAnswers()[0].detail, "the target is already being fenced or is off");
    EXPECT_EQ(h.host("b").lastAction().cause, ActionCause::HeartbeatTimeout);
    EXPECT_EQ(powerOffsSent(h, "b"), 1u);
}

TEST(Fence, RepeatedRequestsShareOneRuling)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.fence("a", "b", 1, 1);
    h.advance(200ms);
    h.fence("a", "b", 1, 2);
    h.advance(300ms);  // the first request's window
    const auto answers = h.fenceAnswers();
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].token, 1u);
    EXPECT_EQ(answers[1].token, 2u);
    EXPECT_TRUE(answers[0].accepted && answers[1].accepted);
    EXPECT_EQ(powerOffsSent(h, "b"), 1u);
    EXPECT_EQ(h.host("a").counters().fenceRequests, 2u);
}

TEST(Fence, ARequesterFencedWhileItWaitsIsRefused)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.fence("a", "b", 1, 1);
    h.advance(100ms);
    h.fence("c", "a", 1, 2);  // c's window ends 100ms after a's
    h.send("a", RequestCycle{"budget spent"});
    const auto answers = h.fenceAnswers();
    ASSERT_EQ(answers.size(), 2u);
    EXPECT_EQ(answers[0].requester, "a");
    EXPECT_EQ(answers[0].refusal, Refusal::Refused);
    EXPECT_EQ(answers[1].requester, "c");
    EXPECT_TRUE(answers[1].accepted);  // a is already being switched off
    EXPECT_EQ(h.state("b"), HostState::Armed);
}

TEST(Fence, BeyondTheCycleLimitTheTargetIsLatchedOffAndTheRequestStillGranted)
{
    HostConfig b = hostConfig("b", 2);
    b.cycles.burst = 0;
    BoardHarness h({hostConfig("a", 1), b});
    h.send("a", Hello{});
    h.send("b", Hello{});
    h.fence("a", "b", 1, 1);
    h.advance(500ms);
    ASSERT_EQ(h.fenceAnswers().size(), 1u);
    EXPECT_TRUE(h.fenceAnswers()[0].accepted);
    EXPECT_EQ(h.state("b"), HostState::OffLatched);
    EXPECT_EQ(h.host("b").lastAction().cause, ActionCause::CycleLimit);
}

TEST(Fence, WaitingRequestsAreNotPersisted)
{
    BoardHarness h(threePeers());
    h.armAll();
    h.fence("a", "b", 1, 1);
    h.restartSameBoot();
    EXPECT_EQ(h.board->fencesWaiting(), 0u);
    h.advance(1s);
    EXPECT_TRUE(h.fenceAnswers().empty());
    EXPECT_EQ(h.state("b"), HostState::Armed);
}

TEST(FenceRules, TieBreakIsATotalOrder)
{
    const FenceContender x{2, 1, "x"}, y{2, 2, "y"}, z{3, 9, "z"};
    for (const auto& [p, q] : {std::pair{x, y}, {x, z}, {y, z}}) {
        EXPECT_NE(firstWinsRace(p, q), firstWinsRace(q, p)) << p.name << " vs " << q.name;
    }
    EXPECT_TRUE(firstWinsRace(z, x));
    EXPECT_TRUE(firstWinsRace(x, y));
    // Hosts without distinct ids: the name decides.
    EXPECT_TRUE(firstWinsRace({1, 0, "a"}, {1, 0, "b"}));
}

TEST(FenceRules, NamesAreStable)
{
    EXPECT_STREQ(toString(FenceVerdict::AlreadyFenced), "already-fenced");
    EXPECT_STREQ(toString(Refusal::Refused), "refused");
    EXPECT_STREQ(toString(Refusal::NotPeer), "not-peer");
    EXPECT_STREQ(toString(ActionCause::FenceRequest), "fence-request");
    EXPECT_EQ(actionCauseFromString("fence-request"), ActionCause::FenceRequest);
    EXPECT_STREQ(toString(NoticeEvent::Fencing), "fencing");
}

} // namespace
