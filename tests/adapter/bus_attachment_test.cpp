// EventLoop::attach driving two sdbus-c++ connections on a private bus: a
// server and a client, both dispatched by the one loop on this thread.

#include "common/loop/event_loop.hpp"
#include "private_bus.hpp"
#include "run_until.hpp"

#include <optional>

#include <sys/socket.h>

#include <gtest/gtest.h>
#include <sdbus-c++/sdbus-c++.h>

namespace pgm {
namespace {

using namespace std::chrono_literals;
using pgmd::test::runUntil;

constexpr const char* iface = "org.pgmd1.Test";

class BusAttachmentTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (!bus.available())
            GTEST_SKIP() << bus.whyNot();
        server = sdbus::createSessionBusConnectionWithAddress(bus.address());
        server->requestName("org.pgmd1.Test");
        client = sdbus::createSessionBusConnectionWithAddress(bus.address());
        object = sdbus::createObject(*server, "/test");
        object->registerMethod("Echo").onInterface(iface).implementedAs([](const std::string& s) { return s; });
        // Never answers: the caller's timeout must fire through the loop.
        object->registerMethod("Hang").onInterface(iface).implementedAs(
            [this](sdbus::Result<>&& result) { hung.push_back(std::move(result)); });
        object->registerSignal("Ping").onInterface(iface).withParameters<int>();
        object->finishRegistration();
        proxy = sdbus::createProxy(*client, "org.pgmd1.Test", "/test");
        proxy->uponSignal("Ping").onInterface(iface).call([this](int n) { pings += n; });
        proxy->finishRegistration();
        loop.attach(*server);
        loop.attach(*client);
    }
    void TearDown() override
    {
        if (client)
            loop.detach(*client);
        if (server)
            loop.detach(*server);
    }

    pgmd::test::PrivateBus bus;
    EventLoop loop;
    std::unique_ptr<sdbus::IConnection> server;
    std::unique_ptr<sdbus::IConnection> client;
    std::unique_ptr<sdbus::IObject> object;
    std::unique_ptr<sdbus::IProxy> proxy;
    std::vector<sdbus::Result<>> hung;
    int pings = 0;
};

TEST_F(BusAttachmentTest, AsyncCallRoundTrip)
{
    std::optional<std::string> reply;
    proxy->callMethodAsync("Echo").onInterface(iface).withArguments(std::string("hello")).uponReplyInvoke(
        [&](const sdbus::Error* error, const std::string& s) { reply = error ? "error" : s; });
    ASSERT_TRUE(runUntil(loop, [&] { return reply.has_value(); }));
    EXPECT_EQ(*reply, "hello");
}

TEST_F(BusAttachmentTest, ManyCallsInOneBurst)
{
    // Under the bus's limit of 128 pending replies per connection.
    int replies = 0;
    for (int i = 0; i < 100; ++i)
        proxy->callMethodAsync("Echo").onInterface(iface).withArguments(std::to_string(i)).uponReplyInvoke(
            [&](const sdbus::Error* error, const std::string&) { replies += error ? 0 : 1; });
    ASSERT_TRUE(runUntil(loop, [&] { return replies == 100; }));
}

TEST_F(BusAttachmentTest, SignalsReachTheClient)
{
    object->emitSignal("Ping").onInterface(iface).withArguments(3);
    object->emitSignal("Ping").onInterface(iface).withArguments(4);
    ASSERT_TRUE(runUntil(loop, [&] { return pings == 7; }));
}

TEST_F(BusAttachmentTest, CallTimeoutFiresThroughTheLoop)
{
    std::string errorName;
    auto start = std::chrono::steady_clock::now();
    proxy->callMethodAsync("Hang").onInterface(iface).withTimeout(150ms).uponReplyInvoke(
        [&](const sdbus::Error* error) { errorName = error ? error->getName() : "no error"; });
    ASSERT_TRUE(runUntil(loop, [&] { return !errorName.empty(); }));
    // sd-bus reports its own timeout as NoReply.
    EXPECT_EQ(errorName, "org.freedesktop.DBus.Error.NoReply");
    EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
    EXPECT_EQ(hung.size(), 1u);
}

TEST_F(BusAttachmentTest, MessagesQueuedDuringASynchronousCallAreNotStranded)
{
    // The bus sends NameOwnerChanged before its reply to RequestName, so the
    // blocking call reads the signal off the socket and leaves it queued inside
    // sd-bus. Nothing is left to wake poll(): only refreshing the timeout
    // before each poll gets it dispatched.
    bool ownerChanged = false;
    auto match = client->addMatch(
        "type='signal',sender='org.freedesktop.DBus',member='NameOwnerChanged',arg0='org.pgmd1.Other'",
        [&](sdbus::Message&) { ownerChanged = true; });
    client->requestName("org.pgmd1.Other");
    EXPECT_FALSE(ownerChanged);
    ASSERT_TRUE(runUntil(loop, [&] { return ownerChanged; }, 2s));
}

TEST_F(BusAttachmentTest, BrokenConnectionEndsTheLoop)
{
    auto doomed = sdbus::createSessionBusConnectionWithAddress(bus.address());
    loop.attach(*doomed);
    // As if the bus went away: the loop cannot go on without it.
    int fd = doomed->getEventLoopPollData().fd;
    ASSERT_GE(fd, 0);
    ::shutdown(fd, SHUT_RDWR);
    sd_event_source* never = nullptr;
    ASSERT_GE(sd_event_add_time_relative(loop.get(), &never, CLOCK_MONOTONIC, 5'000'000, 1000,
                                         [](sd_event_source* s, uint64_t, void*) {
                                             return sd_event_exit(sd_event_source_get_event(s), 99);
                                         },
                                         nullptr),
              0);
    EXPECT_EQ(loop.run(), EXIT_FAILURE);
    sd_event_source_unref(never);
    loop.detach(*doomed);
}

} // namespace
} // namespace pgm
