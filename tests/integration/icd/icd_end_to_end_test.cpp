// pgm-icd end to end: a host speaking the protocol over a pseudo-terminal,
// through a fault injector, and a relay command that records its calls.

#include "board_process.hpp"
#include "test_host.hpp"

#include "protocol/frame.hpp"
#include "protocol/random_nonce.hpp"
#include "protocol/sealing.hpp"

#include "child_process.hpp"
#include "test_bus_daemon.hpp"

#include <gtest/gtest.h>
#include <sdbus-c++/sdbus-c++.h>

namespace icd::test {
namespace {

using namespace std::chrono_literals;

constexpr HostId kHostId = 7;
const char* kTimings = "HeartbeatTimeout=1s\nBootGrace=1s\nOffTime=500ms\nCycleBurst=2\nCycleInterval=30s\n"
                       "RelayTimeout=3s\nRelayRetryDelay=500ms\n";
const std::vector<std::string> kOneCycle{"off", "on"};

class IcdEndToEnd : public testing::Test {
protected:
    explicit IcdEndToEnd(const std::string& boardLines = "")
        : board(kTimings, boardLines)
        , host(board.hostFd(), kHostId, board.key(), 20261122)
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

    BoardProcess board;
    TestHost host;
};

TEST_F(IcdEndToEnd, NoisyLineWithBeatsGettingThroughCausesNoAction)
{
    host.line().setFaults({.drop = 0.15, .delay = 0.1, .corrupt = 0.1, .duplicate = 0.1, .replay = 0.1, .garbage = 0.2});
    establish();
    host.runFor(4s);
    EXPECT_TRUE(board.relayCalls().empty()) << board.log();
    EXPECT_GT(host.line().faultsInjected(), 10u);

    host.line().setFaults({});
    auto s = status();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->state, BoardState::Armed);
    EXPECT_GT(s->framesDropped, 0u);
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
        host.line().sendClean(encodeFrame(body->body));
    }
    host.runFor(1500ms);
    EXPECT_TRUE(board.relayCalls().empty()) << board.log();

    const Bytes genuine = host.sendOnce(RequestCycle{RequestReason::Operator});
    ASSERT_TRUE(waitForSwitches(kOneCycle, 6s)) << board.log();

    // Resent and replayed copies are answered at most, never acted on again.
    for (int i = 0; i < 3; ++i)
        host.line().sendClean(genuine);
    host.runFor(2s);
    EXPECT_EQ(board.relaySwitches(), kOneCycle) << board.log();
}

// With a private bus the test starts, so that ClearLatch can be called.
class IcdEndToEndWithBus : public IcdEndToEnd {
protected:
    IcdEndToEndWithBus()
        : IcdEndToEnd(busAddress().empty() ? "" : "BusAddress=" + busAddress())
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

} // namespace
} // namespace icd::test
