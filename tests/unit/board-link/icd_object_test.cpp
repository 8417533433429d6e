// /org/pgmd1/icd on a private dbus-daemon: the properties show the link,
// LinkStateChanged is signalled, and RequestPowerCycle reaches the link or
// returns why it cannot; either way the request goes to the audit trail.

#include "board_link/icd_object.hpp"

#include "../bus/test_bus_daemon.hpp"
#include "../support/recording_audit.hpp"

#include <pgmd1_icd_proxy.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace pgmd::boardlink {
namespace {

class FakeLink final : public Link {
public:
    std::string description() const override { return "serial /dev/ttyTEST"; }
    void start() override {}
    void stop(StopReason) override {}
    LinkSnapshot snapshot() const override
    {
        std::lock_guard lock(mutex);
        return shown;
    }
    std::string requestCycle(icd::RequestReason reason, const std::string& why) override
    {
        std::lock_guard lock(mutex);
        requests.emplace_back(reason, why);
        return refusal;
    }
    std::string queryStatus() override { return ""; }

    mutable std::mutex mutex;
    LinkSnapshot shown;
    std::vector<std::pair<icd::RequestReason, std::string>> requests;
    std::string refusal;
};

class Client final : public sdbus::ProxyInterfaces<org::pgmd1::IndependentComputer_proxy> {
public:
    Client(sdbus::IConnection& connection, const std::string& destination)
        : ProxyInterfaces(connection, destination, kIcdObjectPath)
    {
        registerProxy();
    }
    ~Client() { unregisterProxy(); }

    std::atomic<int> stateSignals{0};
    std::string lastSignalled; // read after stateSignals moved

private:
    void onLinkStateChanged(const std::string& state) override
    {
        lastSignalled = state;
        ++stateSignals;
    }
};

class IcdObjectTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (getuid() != 0)
            GTEST_SKIP() << "needs root: RequestPowerCycle admits root and the admin group only";
        bus_ = std::make_unique<test::TestBusDaemon>(TEST_BUS_CONFIG);
        server_ = sdbus::createSessionBusConnectionWithAddress(bus_->address());
        gate_ = std::make_unique<RequestGate>(*server_, "users", audit_);
        link_.shown.state = LinkState::Connecting;
        link_.shown.heartbeatsSent = 42;
        link_.shown.counters = {{"accepted", 3}, {"tag", 1}};
        object_ = std::make_unique<IcdObject>(*server_, *gate_, link_.description(), &link_, "");
        server_->enterEventLoopAsync();
        clientConnection_ = sdbus::createSessionBusConnectionWithAddress(bus_->address());
        clientConnection_->enterEventLoopAsync();
        client_ = std::make_unique<Client>(*clientConnection_, server_->getUniqueName());
    }

    void TearDown() override
    {
        client_.reset();
        if (clientConnection_)
            clientConnection_->leaveEventLoop();
        if (server_)
            server_->leaveEventLoop();
        object_.reset();
    }

    FakeLink link_;
    std::unique_ptr<test::TestBusDaemon> bus_;
    std::unique_ptr<sdbus::IConnection> server_;
    test::RecordingAudit audit_;
    std::unique_ptr<RequestGate> gate_;
    std::unique_ptr<IcdObject> object_;
    std::unique_ptr<sdbus::IConnection> clientConnection_;
    std::unique_ptr<Client> client_;
};

TEST_F(IcdObjectTest, PropertiesShowTheLink)
{
    EXPECT_EQ(client_->Link(), "serial /dev/ttyTEST");
    EXPECT_EQ(client_->LinkState(), "connecting");
    EXPECT_EQ(client_->HeartbeatsSent(), 42u);
    EXPECT_EQ(client_->Counters(), (std::map<std::string, std::uint64_t>{{"accepted", 3}, {"tag", 1}}));
    EXPECT_EQ(client_->LastReplyTimestamp(), 0u);
    EXPECT_EQ(client_->BoardState(), "");
    EXPECT_FALSE(client_->CanFence());
}

TEST_F(IcdObjectTest, CanFenceIsTheLinks)
{
    {
        std::lock_guard lock(link_.mutex);
        link_.shown.canFence = true;
    }
    EXPECT_TRUE(client_->CanFence());
}

TEST_F(IcdObjectTest, LinkStateChangeIsSignalled)
{
    {
        std::lock_guard lock(link_.mutex);
        link_.shown.state = LinkState::Up;
    }
    // pgmd emits from its loop thread; here the server's loop is paused for it.
    server_->leaveEventLoop();
    object_->linkStateChanged();
    server_->enterEventLoopAsync();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (client_->stateSignals == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_EQ(client_->stateSignals, 1);
    EXPECT_EQ(client_->lastSignalled, "up");
}

TEST_F(IcdObjectTest, RequestPowerCycleReachesTheLink)
{
    client_->RequestPowerCycle("disk controller wedged");
    std::lock_guard lock(link_.mutex);
    ASSERT_EQ(link_.requests.size(), 1u);
    EXPECT_EQ(link_.requests[0].first, icd::RequestReason::Operator);
    EXPECT_EQ(link_.requests[0].second, "operator request: disk controller wedged");

    const std::vector<test::AuditedCall> audited = audit_.calls();
    ASSERT_EQ(audited.size(), 1u);
    EXPECT_EQ(audited[0].request, (BusRequest{"RequestPowerCycle", "", {{"reason", "disk controller wedged"}}}));
    EXPECT_TRUE(audited[0].outcome.accepted());
    EXPECT_EQ(audited[0].caller.uid, 0u);
    EXPECT_EQ(audited[0].caller.pid, getpid());
}

TEST_F(IcdObjectTest, RequestPowerCycleSaysWhyItCannot)
{
    link_.refusal = "a GPIO link carries heartbeats only";
    try {
        client_->RequestPowerCycle("x");
        FAIL() << "the link refused";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.InvalidState");
        EXPECT_EQ(e.getMessage(), "a GPIO link carries heartbeats only");
    }
    const std::vector<test::AuditedCall> audited = audit_.calls();
    ASSERT_EQ(audited.size(), 1u);
    EXPECT_EQ(audited[0].outcome,
              (RequestOutcome{"org.pgmd1.Error.InvalidState", "a GPIO link carries heartbeats only"}));
}

} // namespace
} // namespace pgmd::boardlink
