// Interest registration on the bus (Manager.RegisterInterest): GroupBorn and
// GroupDied go to interested clients alone, and a client that leaves the bus
// is forgotten, with the match rule pgmd held for it.

#include "bus_fixture.hpp"
#include "bus_monitor.hpp"

#include "bus/bus_names.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <optional>
#include <thread>

namespace pgmd::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kManagerIface = "org.pgmd1.Manager";

class InterestTest : public BusFixture {
protected:
    InterestTest()
        : BusFixture(TEST_DATA_DIR "/test-bus.conf")
    {
    }

    explicit InterestTest(const std::string& busConfig)
        : BusFixture(busConfig)
    {
    }

    // A broadcast every client receives: once it arrives, whatever the
    // server sent before it has arrived too (one sender, one order).
    void sendMarker() { server->emitEscalationStep("", "marker", "end of test traffic"); }

    static bool sawMarker(const ManagerClient& client)
    {
        return std::any_of(client.escalations.begin(), client.escalations.end(),
                           [](const EscalationSignal& s) { return s.step == "marker"; });
    }

    static bool sawMarker(const BusMonitor& monitor)
    {
        return std::any_of(monitor.seen.begin(), monitor.seen.end(),
                           [](const SeenSignal& s) { return s.member == "EscalationStep"; });
    }

    std::vector<std::string> interested(const std::string& group)
    {
        std::vector<std::string> clients;
        withServerPaused([&] { clients = server->interestedClients(group); });
        return clients;
    }

    // How many match rules the server's connection holds, from the bus's
    // statistics; empty if this dbus-daemon keeps none.
    std::optional<std::uint32_t> serverMatchRules()
    {
        auto driver = sdbus::createProxy(*clientConnection, "org.freedesktop.DBus", "/org/freedesktop/DBus");
        std::map<std::string, sdbus::Variant> stats;
        try {
            driver->callMethod("GetConnectionStats")
                .onInterface("org.freedesktop.DBus.Debug.Stats")
                .withArguments(serverConnection->getUniqueName())
                .storeResultsTo(stats);
        } catch (const sdbus::Error&) {
            return std::nullopt;
        }
        auto it = stats.find("MatchRules");
        if (it == stats.end())
            return std::nullopt;
        return it->second.get<std::uint32_t>();
    }

    // Asks `holds` again every few milliseconds until it is true or the
    // timeout passes: for server state no client sees change.
    static bool eventually(const std::function<bool()>& holds, std::chrono::milliseconds timeout = 5s)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (holds())
                return true;
            if (std::chrono::steady_clock::now() >= deadline)
                return false;
            std::this_thread::sleep_for(10ms);
        }
    }

    bool serverMatchRulesBecome(std::uint32_t want)
    {
        return eventually([&] { return serverMatchRules() == want; });
    }
};

TEST_F(InterestTest, OnlyTheInterestedClientHearsOfBirthAndDeath)
{
    auto otherConnection = connectClient();
    ManagerClient other(*otherConnection, busnames::kService);
    manager->RegisterInterest("alpha");

    withServerPaused([&] {
        server->notifyBorn("alpha", 5);
        server->notifyBorn("web-front.v2", 17);  // nobody asked about web
        server->notifyDied("alpha", 5, "alpha-db.service failed");
        sendMarker();
    });

    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return sawMarker(*manager); }));
    EXPECT_EQ(manager->lifeSignals, (std::vector<LifeSignal>{{"born", "alpha", 5, ""},
                                                             {"died", "alpha", 5, "alpha-db.service failed"}}));
    ASSERT_TRUE(pumpUntil(*otherConnection, [&] { return sawMarker(other); }));
    EXPECT_TRUE(other.lifeSignals.empty());
}

TEST_F(InterestTest, BirthAndDeathAreAddressedToTheClientNotBroadcast)
{
    BusMonitor monitor(bus.address(), {"type='signal',interface='org.pgmd1.Manager'"});
    manager->RegisterInterest("alpha");
    withServerPaused([&] {
        server->notifyBorn("alpha", 5);
        server->notifyDied("alpha", 5, "stopped");
        sendMarker();
    });
    ASSERT_TRUE(monitor.readUntil([&] { return sawMarker(monitor); }));
    std::vector<std::pair<std::string, std::string>> lifeSignals;  // member, destination
    for (const SeenSignal& s : monitor.seen)
        if (s.member == "GroupBorn" || s.member == "GroupDied")
            lifeSignals.emplace_back(s.member, s.destination);
    const std::string me = clientConnection->getUniqueName();
    EXPECT_EQ(lifeSignals, (std::vector<std::pair<std::string, std::string>>{{"GroupBorn", me}, {"GroupDied", me}}));
}

TEST_F(InterestTest, RegisteringTwiceIsHarmlessAndUnregisteringEndsIt)
{
    const std::string me = clientConnection->getUniqueName();
    manager->RegisterInterest("alpha");
    manager->RegisterInterest("alpha");
    manager->RegisterInterest("web-front.v2");
    EXPECT_EQ(interested("alpha"), std::vector<std::string>{me});
    EXPECT_EQ(interested("web-front.v2"), std::vector<std::string>{me});

    manager->UnregisterInterest("alpha");
    manager->UnregisterInterest("alpha");
    manager->UnregisterInterest("never-registered");
    EXPECT_TRUE(interested("alpha").empty());
    EXPECT_EQ(interested("web-front.v2"), std::vector<std::string>{me});

    withServerPaused([&] {
        server->notifyBorn("alpha", 5);
        server->notifyBorn("web-front.v2", 18);
        sendMarker();
    });
    ASSERT_TRUE(pumpUntil(*clientConnection, [&] { return sawMarker(*manager); }));
    EXPECT_EQ(manager->lifeSignals, (std::vector<LifeSignal>{{"born", "web-front.v2", 18, ""}}));
}

TEST_F(InterestTest, TheLastUnregisterReleasesTheMatchRule)
{
    const std::optional<std::uint32_t> before = serverMatchRules();
    if (!before)
        GTEST_SKIP() << "this dbus-daemon keeps no statistics (Debug.Stats)";
    manager->RegisterInterest("alpha");
    manager->RegisterInterest("web-front.v2");
    EXPECT_EQ(serverMatchRules(), *before + 1) << "one rule per client, not per group";
    manager->UnregisterInterest("alpha");
    EXPECT_EQ(serverMatchRules(), *before + 1);
    manager->UnregisterInterest("web-front.v2");
    EXPECT_TRUE(serverMatchRulesBecome(*before));
}

TEST_F(InterestTest, AnUnknownGroupIsNoSuchGroup)
{
    try {
        manager->RegisterInterest("nope");
        FAIL() << "RegisterInterest succeeded";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.NoSuchGroup");
        EXPECT_NE(e.getMessage().find("nope"), std::string::npos) << e.getMessage();
    }
    EXPECT_TRUE(interested("nope").empty());
}

TEST_F(InterestTest, AClientMayFollowAtMost1024Groups)
{
    std::vector<std::string> names;
    for (int i = 0; i < 1025; ++i) {
        GroupInfo g = alphaGroup();
        g.name = "many-" + std::to_string(i);
        source.addGroup(g);
        names.push_back(g.name);
    }
    for (int i = 0; i < 1024; ++i)
        manager->RegisterInterest(names[i]);
    try {
        manager->RegisterInterest(names[1024]);
        FAIL() << "the 1025th group was accepted";
    } catch (const sdbus::Error& e) {
        EXPECT_EQ(e.getName(), "org.pgmd1.Error.LimitsExceeded");
        EXPECT_NE(e.getMessage().find("1024"), std::string::npos) << e.getMessage();
    }
    EXPECT_TRUE(interested(names[1024]).empty());
    // At the limit, what is already registered may be registered again.
    EXPECT_NO_THROW(manager->RegisterInterest(names[0]));
    // The limit is per client.
    auto otherConnection = connectClient();
    ManagerClient other(*otherConnection, busnames::kService);
    EXPECT_NO_THROW(other.RegisterInterest(names[1024]));
}

TEST_F(InterestTest, AClientThatLeavesIsForgotten)
{
    const std::optional<std::uint32_t> before = serverMatchRules();
    if (!before)
        GTEST_SKIP() << "this dbus-daemon keeps no statistics (Debug.Stats)";

    auto leaving = connectClient();
    const std::string leaver = leaving->getUniqueName();
    {
        ManagerClient client(*leaving, busnames::kService);
        client.RegisterInterest("alpha");
        client.RegisterInterest("web-front.v2");
    }
    ASSERT_EQ(serverMatchRules(), *before + 1);
    leaving.reset();

    // pgmd saw it go: the rule that watched it is gone, and so is its interest.
    ASSERT_TRUE(serverMatchRulesBecome(*before)) << "the departure was missed, or its match rule leaked";
    EXPECT_TRUE(interested("alpha").empty());
    EXPECT_TRUE(interested("web-front.v2").empty());

    // Nothing is sent to the dead name.
    BusMonitor monitor(bus.address(), {"type='signal',interface='org.pgmd1.Manager'"});
    withServerPaused([&] {
        server->notifyBorn("alpha", 6);
        sendMarker();
    });
    ASSERT_TRUE(monitor.readUntil([&] { return sawMarker(monitor); }));
    for (const SeenSignal& s : monitor.seen)
        EXPECT_NE(s.destination, leaver) << s.member << " was sent to a client that left";

    // A new connection may register again, and hears.
    auto returning = connectClient();
    ManagerClient client(*returning, busnames::kService);
    client.RegisterInterest("alpha");
    withServerPaused([&] { server->notifyBorn("alpha", 7); });
    ASSERT_TRUE(pumpUntil(*returning, [&] { return !client.lifeSignals.empty(); }));
    EXPECT_EQ(client.lifeSignals, (std::vector<LifeSignal>{{"born", "alpha", 7, ""}}));
}

// The client's call waits in pgmd's queue while the client leaves: by the time
// pgmd adds the match rule, the bus has already announced the departure to
// nobody. pgmd must still notice.
TEST_F(InterestTest, AClientThatLeftBeforeItsCallWasHandledIsForgotten)
{
    const std::optional<std::uint32_t> before = serverMatchRules();
    if (!before)
        GTEST_SKIP() << "this dbus-daemon keeps no statistics (Debug.Stats)";

    auto driver = sdbus::createProxy(*clientConnection, "org.freedesktop.DBus", "/org/freedesktop/DBus");
    auto hasOwner = [&](const std::string& name) {
        bool owned = false;
        driver->callMethod("NameHasOwner").onInterface("org.freedesktop.DBus").withArguments(name).storeResultsTo(owned);
        return owned;
    };

    withServerPaused([&] {
        auto leaving = connectClient();
        const std::string leaver = leaving->getUniqueName();
        {
            auto proxy = sdbus::createProxy(*leaving, busnames::kService, busnames::kManagerPath);
            auto call = proxy->createMethodCall(kManagerIface, "RegisterInterest");
            call << std::string("alpha");
            call.dontExpectReply();
            proxy->callMethod(call);
        }
        leaving.reset();
        // Once the bus has seen it go, it has read its call too and queued
        // it for pgmd.
        ASSERT_TRUE(eventually([&] { return !hasOwner(leaver); }));
    });
    // pgmd handles calls in order: once this returns, it has handled the
    // RegisterInterest of the client that left.
    (void)manager->CheckConfig();

    EXPECT_TRUE(serverMatchRulesBecome(*before)) << "a client that left early is still watched";
    EXPECT_TRUE(eventually([&] { return interested("alpha").empty(); }));
}

class FewMatchRulesTest : public InterestTest {
protected:
    FewMatchRulesTest()
        : InterestTest(TEST_DATA_DIR "/few-matches-bus.conf")
    {
    }
};

TEST_F(FewMatchRulesTest, WhenTheBusAllowsNoMoreRulesRegistrationIsLimitsExceeded)
{
    // Plain proxies subscribe to nothing: every match rule counted is pgmd's.
    std::vector<std::unique_ptr<sdbus::IConnection>> clients;
    std::vector<std::unique_ptr<sdbus::IProxy>> proxies;
    auto registerFromNewClient = [&] {
        clients.push_back(connectClient());
        proxies.push_back(sdbus::createProxy(*clients.back(), busnames::kService, busnames::kManagerPath));
        proxies.back()->callMethod("RegisterInterest").onInterface(kManagerIface).withArguments(std::string("alpha"));
    };
    for (int i = 0; i < 100; ++i) {
        try {
            registerFromNewClient();
        } catch (const sdbus::Error& e) {
            EXPECT_EQ(e.getName(), "org.pgmd1.Error.LimitsExceeded") << e.getMessage();
            EXPECT_NE(e.getMessage().find("match rules"), std::string::npos) << e.getMessage();
            // The refused client is not recorded; the others still are.
            EXPECT_EQ(interested("alpha").size(), clients.size() - 1);
            // One leaving makes room for another.
            proxies.front().reset();
            clients.front().reset();
            ASSERT_TRUE(eventually([&] { return interested("alpha").size() == clients.size() - 2; }));
            EXPECT_NO_THROW(registerFromNewClient());
            return;
        }
    }
    FAIL() << "100 clients were watched on a bus that allows 10 match rules";
}

} // namespace
} // namespace pgmd::test
