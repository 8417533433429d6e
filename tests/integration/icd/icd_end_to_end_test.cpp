// pgm-icd end to end: a host speaking the protocol over a pseudo-terminal,
// icd-fault-proxy between it and the board damaging frames both ways, and a
// relay command that records its calls.

#include "board_process.hpp"
#include "fault_proxy_process.hpp"
#include "test_host.hpp"

#include "protocol/frame.hpp"
#include "protocol/random_nonce.hpp"
#include "protocol/sealing.hpp"

#include "child_process.hpp"
#include "test_bus_daemon.hpp"

#include <gtest/gtest.h>
#include <map>
#include <random>
#include <sdbus-c++/sdbus-c++.h>
#include <set>

namespace icd::test {
namespace {

using namespace std::chrono_literals;

constexpr HostId kHostId = 7;
const char* kTimings = "HeartbeatTimeout=1s\nBootGrace=1s\nOffTime=500ms\nCycleBurst=2\nCycleInterval=30s\n"
                       "RelayTimeout=3s\nRelayRetryDelay=500ms\n";
constexpr auto kHeartbeatTimeout = 1000ms;
constexpr auto kBeatPeriod = 100ms;  // TestHost's
const std::vector<std::string> kOneCycle{"off", "on"};
const std::vector<std::string> kEveryFaultKind{"drop", "delay", "corrupt", "duplicate", "replay", "garbage", "split"};
const char* kEveryFault = "drop=0.15,delay=0.1,corrupt=0.1,duplicate=0.1,replay=0.1,garbage=0.2,split=0.3";

class IcdEndToEnd : public testing::Test {
protected:
    explicit IcdEndToEnd(const FaultProxySettings& line = {}, const std::string& boardLines = "")
        : proxy(line)
        , board(proxy.boardLink(), kTimings, boardLines)
        , host(proxy.hostLink(), kHostId, board.key())
    {
        board.start();
    }

    void establish()
    {
        ASSERT_TRUE(host.runUntil(10s, [this] { return host.established() && host.acks() > 0; })) << board.log();
    }

    bool waitForSwitches(const std::vector<std::string>& expected, std::chrono::milliseconds limit)
    {
        return host.runUntil(limit, [&] { return board.relaySwitches() == expected; });
    }

    std::optional<StatusReply> status()
    {
        auto reply = host.request(StatusQuery{}, 5s);
        if (!reply || !std::holds_alternative<StatusReply>(*reply))
            return std::nullopt;
        return std::get<StatusReply>(*reply);
    }

    FaultProxyProcess proxy;
    BoardProcess board;
    TestHost host;
};

// Every kind of fault, both ways, from the start.
class IcdEndToEndNoisyLine : public IcdEndToEnd {
protected:
    IcdEndToEndNoisyLine()
        : IcdEndToEnd({.toBoard = kEveryFault, .toHost = kEveryFault, .seed = 20261122, .log = true})
    {
    }

    // Whether the proxy's log shows every kind of fault in both directions.
    bool everyKindLoggedBothWays() const
    {
        std::map<std::string, std::set<std::string>> seen;
        for (const LoggedFrame& frame : proxy.loggedFrames())
            seen[frame.direction].insert(frame.faults.begin(), frame.faults.end());
        const std::set<std::string> every(kEveryFaultKind.begin(), kEveryFaultKind.end());
        return seen["to-board"] == every && seen["to-host"] == every;
    }
};

TEST_F(IcdEndToEndNoisyLine, BeatsGettingThroughCauseNoAction)
{
    establish();
    host.runFor(4s);
    // On until every kind of fault has hit both ways at least once.
    ASSERT_TRUE(host.runUntil(10s, [this] { return everyKindLoggedBothWays(); })) << proxy.errorOutput();
    EXPECT_TRUE(board.relayCalls().empty()) << board.log();

    proxy.pauseFaults();
    auto s = status();
    ASSERT_TRUE(s) << board.log();
    EXPECT_EQ(s->state, BoardState::Armed);
    EXPECT_GT(s->framesDropped, 0u);
    EXPECT_TRUE(board.relayCalls().empty()) << board.log();

    const ProxySummary summary = proxy.stop();
    ASSERT_EQ(summary.exitStatus, 0) << proxy.errorOutput();
    for (const std::string& kind : kEveryFaultKind) {
        EXPECT_GT(summary.toBoard.faults.at(kind), 0u) << kind << ": " << summary.line;
        EXPECT_GT(summary.toHost.faults.at(kind), 0u) << kind << ": " << summary.line;
    }
}

// The fence extension's requests reach the daemon through the proxy and are
// answered; this board watches one host, so it can only refuse them. (Their
// frames under damage: tests/unit/icd-protocol's corruption tests and the
// fuzz seeds.)
TEST_F(IcdEndToEnd, FenceRequestsAndPeerQueriesAreAnswered)
{
    establish();
    const auto itself = host.request(FencePeer{kHostId, 2}, 10s);
    ASSERT_TRUE(itself) << board.log();
    ASSERT_TRUE(std::holds_alternative<Nak>(*itself));
    EXPECT_EQ(std::get<Nak>(*itself).reason, NakReason::NotPeer);
    const auto unknown = host.request(PeerQuery{kHostId + 1}, 10s);
    ASSERT_TRUE(unknown) << board.log();
    ASSERT_TRUE(std::holds_alternative<Nak>(*unknown));
    EXPECT_EQ(std::get<Nak>(*unknown).reason, NakReason::UnknownHost);
    const auto ack = host.request(NoticeAck{12345}, 10s);
    ASSERT_TRUE(ack) << board.log();
    EXPECT_TRUE(std::holds_alternative<Ack>(*ack));
    EXPECT_TRUE(board.relaySwitches().empty()) << board.log();
}

TEST_F(IcdEndToEnd, SilentHostIsPowerCycledAfterTheTimeout)
{
    establish();
    host.runFor(500ms);
    host.setBeating(false);
    const auto silentSince = Clock::now();
    ASSERT_TRUE(waitForSwitches(kOneCycle, 6s)) << board.log();
    // Not before the heartbeat timeout (1s) plus the off time (500ms), counted
    // from the last beat, which left up to one beat period (100ms) before.
    EXPECT_GE(Clock::now() - silentSince, 1400ms);
}

TEST_F(IcdEndToEnd, OnlyAGenuineCycleRequestCycles)
{
    establish();
    // Forged: well-formed, right host, valid CRC, but signed with another key.
    const Key forger = Key::fromBytes(Bytes(32, 0x42)).value();
    for (std::uint32_t seq = 1000; seq < 1005; ++seq) {
        auto body = sealBody(forger, TagContext::SessionFromHost, kHostId, seq, RequestCycle{});
        host.sendRaw(encodeFrame(body->body));
    }
    host.runFor(1500ms);
    EXPECT_TRUE(board.relayCalls().empty()) << board.log();

    const Bytes genuine = host.sendOnce(RequestCycle{RequestReason::Operator});
    ASSERT_TRUE(waitForSwitches(kOneCycle, 6s)) << board.log();

    // Resent and replayed copies are answered at most, never acted on again.
    for (int i = 0; i < 3; ++i)
        host.sendRaw(genuine);
    host.runFor(2s);
    EXPECT_EQ(board.relaySwitches(), kOneCycle) << board.log();
}

// Bytes that only look like frames: noise with zeros in it, frames cut
// short at either end, and more zero-free noise than the proxy holds back.
Bytes lineNoiseBurst(const Key& key)
{
    std::mt19937 random(77);
    auto noise = [&](std::size_t size, bool zeros) {
        Bytes out(size);
        for (auto& byte : out)
            byte = static_cast<std::uint8_t>(zeros ? random() : 1 + random() % 255);
        return out;
    };
    Bytes burst = noise(600, true);
    for (std::uint32_t seq = 5000; seq < 5006; ++seq) {
        const Bytes frame = encodeFrame(sealBody(key, TagContext::SessionFromHost, kHostId, seq, Heartbeat{})->body);
        const ByteView head = ByteView(frame).first(frame.size() / 2);
        const ByteView tail = ByteView(frame).subspan(frame.size() / 2);
        appendBytes(burst, head);  // cut short by a delimiter
        burst.push_back(0);
        appendBytes(burst, tail);  // starting mid-frame
        appendBytes(burst, head);  // running into noise
        appendBytes(burst, noise(20, false));
        burst.push_back(0);
    }
    appendBytes(burst, noise(5000, false));
    return burst;
}

TEST_F(IcdEndToEnd, AfterABurstOfGarbageAndTruncatedFramesTheLineResyncs)
{
    establish();
    host.runFor(300ms);
    const auto before = status();
    ASSERT_TRUE(before) << board.log();

    host.sendRaw(lineNoiseBurst(board.key()));
    const std::uint64_t acksAfterBurst = host.acks();
    // Longer than the heartbeat timeout: the beats after the burst are what keeps the host armed.
    host.runFor(kHeartbeatTimeout + 500ms);
    EXPECT_GT(host.acks(), acksAfterBurst + 5) << board.log();
    EXPECT_TRUE(board.relayCalls().empty()) << board.log();

    const auto after = status();
    ASSERT_TRUE(after) << board.log();
    EXPECT_EQ(after->state, BoardState::Armed);
    // Each cut frame is dropped (three for each of the six), none acted on.
    EXPECT_GE(after->framesDropped, before->framesDropped + 18) << board.log();
}

// Every frame to the board lost, once the session is up.
class IcdEndToEndDeafBoard : public IcdEndToEnd {
protected:
    IcdEndToEndDeafBoard() : IcdEndToEnd({.toBoard = "drop=1.0"}) { proxy.pauseFaults(); }
};

TEST_F(IcdEndToEndDeafBoard, BoardCyclesAfterTheHeartbeatTimeoutNotBefore)
{
    establish();
    host.runFor(500ms);
    proxy.resumeFaults();
    const auto deafSince = Clock::now();
    ASSERT_TRUE(host.runUntil(6s, [this] { return !board.relaySwitches().empty(); })) << board.log();
    const auto firstSwitch = Clock::now() - deafSince;
    // The last beat that got through left up to one beat period before the line went deaf.
    EXPECT_GE(firstSwitch, kHeartbeatTimeout - kBeatPeriod);
    EXPECT_LT(firstSwitch, kHeartbeatTimeout + 1s);
    ASSERT_TRUE(waitForSwitches(kOneCycle, 3s)) << board.log();

    // The host went on beating all along; the line lost every beat.
    const ProxySummary summary = proxy.stop();
    ASSERT_EQ(summary.exitStatus, 0) << proxy.errorOutput();
    EXPECT_GE(summary.toBoard.faults.at("drop"), 8u) << summary.line;
    EXPECT_EQ(summary.toHost.faults.at("drop"), 0u) << summary.line;
}

// With a private bus the test starts, so that ClearLatch can be called.
class IcdEndToEndWithBus : public IcdEndToEnd {
protected:
    IcdEndToEndWithBus()
        : IcdEndToEnd({}, busAddress().empty() ? "" : "BusAddress=" + busAddress())
    {
    }

    void SetUp() override
    {
        if (busAddress().empty())
            GTEST_SKIP() << "no private dbus-daemon: " << busProblem();
    }

    static pgmd::test::TestBusDaemon* bus()
    {
        static std::unique_ptr<pgmd::test::TestBusDaemon> daemon = [] {
            try {
                return std::make_unique<pgmd::test::TestBusDaemon>(TEST_BUS_CONFIG);
            } catch (const std::exception& e) {
                busProblem() = e.what();
                return std::unique_ptr<pgmd::test::TestBusDaemon>();
            }
        }();
        return daemon.get();
    }
    static std::string& busProblem()
    {
        static std::string problem;
        return problem;
    }
    static std::string busAddress() { return bus() ? bus()->address() : std::string(); }

    std::unique_ptr<sdbus::IProxy> hostObject()
    {
        if (!client)
            client = sdbus::createSessionBusConnectionWithAddress(busAddress());
        return sdbus::createProxy(*client, "org.pgmd1.Icd", "/org/pgmd1/icd/host/node_2da");
    }

    std::string property(const std::string& name)
    {
        return hostObject()->getProperty(name).onInterface("org.pgmd1.IcdHost").get<std::string>();
    }

    std::unique_ptr<sdbus::IConnection> client;
};

TEST_F(IcdEndToEndWithBus, CycleLimitLatchesAndTheLatchSurvivesARestart)
{
    establish();
    for (int cycle = 1; cycle <= 2; ++cycle) {
        auto reply = host.request(RequestCycle{RequestReason::RebootBudgetSpent}, 5s);
        ASSERT_TRUE(reply && std::holds_alternative<Ack>(*reply)) << board.log();
        std::vector<std::string> expected;
        for (int i = 0; i < cycle; ++i)
            expected.insert(expected.end(), kOneCycle.begin(), kOneCycle.end());
        ASSERT_TRUE(waitForSwitches(expected, 6s)) << board.log();
        // Back to armed once the host beats again after its grace.
        ASSERT_TRUE(host.runUntil(5s, [&] { auto s = status(); return s && s->state == BoardState::Armed; }));
    }
    auto third = host.request(RequestCycle{RequestReason::RebootBudgetSpent}, 5s);
    ASSERT_TRUE(third && std::holds_alternative<Nak>(*third));
    EXPECT_EQ(std::get<Nak>(*third).reason, NakReason::Limit);
    ASSERT_TRUE(waitForSwitches({"off", "on", "off", "on", "off"}, 6s)) << board.log();

    EXPECT_EQ(board.stop(), 0);
    const std::uint64_t sessionsBefore = host.sessions();
    board.start();
    // The restarted board holds no session: the host must open a new one.
    ASSERT_TRUE(host.runUntil(10s, [&] { return host.sessions() > sessionsBefore; })) << board.log();
    // The latch is remembered: power-off is sent again and confirmed, never an on.
    ASSERT_TRUE(waitForSwitches({"off", "on", "off", "on", "off", "off"}, 6s)) << board.log();
    host.runFor(1500ms);
    EXPECT_EQ(board.relaySwitches(), (std::vector<std::string>{"off", "on", "off", "on", "off", "off"}));
    auto s = status();
    ASSERT_TRUE(s) << board.log();
    EXPECT_EQ(s->state, BoardState::OffLatched) << board.log();
    EXPECT_EQ(s->cyclesInWindow, 2);
    EXPECT_EQ(property("State"), "off-latched");
    EXPECT_EQ(property("LastAction"), "power-off");

    // Only root may clear it.
    const auto asNobody = pgmd::test::runAs({65534, 65534}, {DBUS_SEND_PATH, "--bus=" + busAddress(), "--print-reply",
                                                            "--dest=org.pgmd1.Icd", "/org/pgmd1/icd/host/node_2da",
                                                            "org.pgmd1.IcdHost.ClearLatch"});
    EXPECT_NE(asNobody.exitCode, 0);
    EXPECT_NE(asNobody.output.find("org.freedesktop.DBus.Error.AccessDenied: Only root may clear"), std::string::npos) << asNobody.output;
    host.runFor(500ms);
    EXPECT_EQ(board.relaySwitches().size(), 6u);

    hostObject()->callMethod("ClearLatch").onInterface("org.pgmd1.IcdHost");
    ASSERT_TRUE(waitForSwitches({"off", "on", "off", "on", "off", "off", "on"}, 6s)) << board.log();
    ASSERT_TRUE(host.runUntil(5s, [&] { return property("State") == "armed"; })) << board.log();
    EXPECT_EQ(hostObject()->getProperty("CyclesInWindow").onInterface("org.pgmd1.IcdHost").get<uint32_t>(), 0u);
}

TEST_F(IcdEndToEndWithBus, AnOperatorsDisarmKeepsASilentHostFromBeingCycled)
{
    establish();
    ASSERT_TRUE(host.runUntil(5s, [&] { return property("State") == "armed"; })) << board.log();

    const auto asNobody = pgmd::test::runAs({65534, 65534}, {DBUS_SEND_PATH, "--bus=" + busAddress(), "--print-reply",
                                                            "--dest=org.pgmd1.Icd", "/org/pgmd1/icd/host/node_2da",
                                                            "org.pgmd1.IcdHost.Disarm"});
    EXPECT_NE(asNobody.exitCode, 0);
    EXPECT_NE(asNobody.output.find("org.freedesktop.DBus.Error.AccessDenied: Only root may disarm"), std::string::npos)
        << asNobody.output;
    EXPECT_EQ(property("State"), "armed");

    hostObject()->callMethod("Disarm").onInterface("org.pgmd1.IcdHost");
    EXPECT_EQ(property("State"), "disarmed");
    EXPECT_EQ(property("LastAction"), "disarm");
    EXPECT_NE(property("LastReason").find("disarmed by operator"), std::string::npos) << property("LastReason");

    host.setBeating(false);
    host.runFor(kHeartbeatTimeout + 1s);
    EXPECT_TRUE(board.relayCalls().empty()) << board.log();
    EXPECT_EQ(property("State"), "disarmed");

    host.setBeating(true);
    ASSERT_TRUE(host.runUntil(5s, [&] { return property("State") == "armed"; })) << board.log();
}

// Fence traffic is visible on D-Bus: the request, the board's answer and
// the counters, on the requester's object.
TEST_F(IcdEndToEndWithBus, AFenceRequestAndItsAnswerAreSignalled)
{
    establish();
    auto object = hostObject();
    std::vector<std::string> signalled;
    object->uponSignal("FenceRequested").onInterface("org.pgmd1.IcdHost").call([&](const std::string& target,
                                                                                      std::uint32_t groups) {
        signalled.push_back("requested " + target + " " + std::to_string(groups));
    });
    object->uponSignal("FenceAnswered")
        .onInterface("org.pgmd1.IcdHost")
        .call([&](const std::string& target, bool granted, const std::string& refusal, const std::string&) {
            signalled.push_back("answered " + target + " " + (granted ? "granted" : refusal));
        });
    object->finishRegistration();

    const auto answer = host.request(FencePeer{kHostId, 4}, 5s);
    ASSERT_TRUE(answer) << board.log();
    EXPECT_EQ(std::get<Nak>(*answer).reason, NakReason::NotPeer);
    ASSERT_TRUE(host.runUntil(5s, [&] {
        while (client->processPendingRequest())
            ;
        return signalled.size() >= 2;
    })) << board.log();
    EXPECT_EQ(signalled, (std::vector<std::string>{"requested node-a 4", "answered node-a not-peer"}));
    const auto counters =
        object->getProperty("Counters").onInterface("org.pgmd1.IcdHost").get<std::map<std::string, std::uint64_t>>();
    EXPECT_EQ(counters.at("fence-requests"), 1u);
    EXPECT_EQ(counters.at("refusals"), 1u);
    EXPECT_TRUE(object->getProperty("Peers").onInterface("org.pgmd1.IcdHost").get<std::vector<std::string>>().empty());
}

} // namespace
} // namespace icd::test
