// pgm-icd with a GPIO heartbeat input and a GPIO relay, on fake lines and a
// real event loop.

#include "icd_daemon.hpp"
#include "common/gpio/fake_line.hpp"
#include "common/loop/system_clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

namespace {

using namespace std::chrono_literals;
using icd::daemon::IcdDaemon;
using Steady = std::chrono::steady_clock;

const char* kConfig = R"([Host.node-b]
HostId=2
Link=gpio
GpioChip=gpiochip0
GpioLine=4
HeartbeatPeriod=200ms
HeartbeatTimeout=1s
BootGrace=1s
OffTime=300ms
CycleBurst=1
CycleInterval=30s
Relay=gpio
RelayChip=gpiochip0
RelayLine=5
RelayActiveLow=yes
RelayTimeout=1s
RelayRetryDelay=200ms
)";

class GpioDaemon : public testing::Test {
protected:
    GpioDaemon()
    {
        char tmpl[] = "/tmp/pgm-icd-gpio-test-XXXXXX";
        stateDir = mkdtemp(tmpl);
        auto loaded = icd::daemon::parseIcdConfig("gpio.conf", kConfig);
        EXPECT_TRUE(loaded.config);
        config = *loaded.config;
        config.stateDirectory = stateDir;
    }
    ~GpioDaemon() override { std::filesystem::remove_all(stateDir); }

    icd::daemon::GpioLines fakeLines()
    {
        icd::daemon::GpioLines lines;
        lines.relay = [this](const icd::daemon::HostEntry& h, bool powered) {
            // Active low: the level that powers the host is low.
            relayInitialLevel = powered == !h.gpioRelay.activeLow;
            auto line = std::make_unique<pgm::gpio::FakeOutputLine>(relayInitialLevel);
            relay = line.get();
            return line;
        };
        lines.heartbeat = [this](const icd::daemon::HostEntry&) {
            auto line = std::make_unique<pgm::gpio::FakeInputLine>(false);
            beatLine = line.get();
            return line;
        };
        return lines;
    }

    // Runs the loop, toggling the heartbeat line every 100ms while `beating`.
    bool runUntil(std::chrono::milliseconds limit, const std::function<bool()>& done)
    {
        const auto deadline = Steady::now() + limit;
        auto nextToggle = Steady::now();
        while (Steady::now() < deadline) {
            if (done())
                return true;
            if (beating && Steady::now() >= nextToggle) {
                beatLine->toggle(clock.monotonic());
                nextToggle += 100ms;
            }
            sd_event_run(loop.get(), 10000);
        }
        return done();
    }

    std::string state() const { return icd::board::toString(daemon->board().find("node-b")->state()); }

    std::string stateDir;
    icd::daemon::IcdConfig config;
    pgm::EventLoop loop;
    pgm::SystemClock clock;
    pgm::gpio::FakeOutputLine* relay = nullptr;
    bool relayInitialLevel = false;  // what the line was requested with
    pgm::gpio::FakeInputLine* beatLine = nullptr;
    bool beating = true;
    std::unique_ptr<IcdDaemon> daemon;
};

TEST_F(GpioDaemon, BeatsArmTheHostAndSilenceCyclesItThroughTheRelay)
{
    daemon = std::make_unique<IcdDaemon>(loop, clock, config, "boot-1", fakeLines());
    ASSERT_TRUE(relay && beatLine);
    ASSERT_TRUE(runUntil(2s, [&] { return state() == "armed"; }));
    runUntil(1500ms, [] { return false; });  // a while of steady beats
    EXPECT_TRUE(relay->history().empty()) << "no switching while the host beats";

    beating = false;
    // Dead after 3 half periods (300ms): off (high, active low), held 300ms, on (low).
    ASSERT_TRUE(runUntil(3s, [&] { return relay->history() == std::vector<bool>{true, false}; }));
    EXPECT_EQ(daemon->board().find("node-b")->counters().heartbeatTimeouts, 1u);
    EXPECT_GT(daemon->linkCounters("node-b").at("gpio-beats"), 0u);
}

// Maintenance of a host that cannot disarm itself: the operator disarms it
// while its line still toggles, then its pgmd stops.
TEST_F(GpioDaemon, AnOperatorsDisarmOutlastsTheBeatsThatFollowIt)
{
    daemon = std::make_unique<IcdDaemon>(loop, clock, config, "boot-1", fakeLines());
    ASSERT_TRUE(runUntil(2s, [&] { return state() == "armed"; }));
    const icd::board::Reply reply = daemon->disarm("node-b");
    EXPECT_TRUE(reply.accepted) << reply.detail;
    EXPECT_EQ(state(), "disarmed");
    EXPECT_FALSE(runUntil(500ms, [&] { return state() != "disarmed"; })) << "re-armed by a beat before the silence";

    beating = false;
    // Declared dead after 300ms, the heartbeat timeout is 1s: neither cycles it.
    EXPECT_FALSE(runUntil(1500ms, [&] { return !relay->history().empty() || state() != "disarmed"; }));
    EXPECT_TRUE(relay->history().empty());

    beating = true;
    ASSERT_TRUE(runUntil(2s, [&] { return state() == "armed"; }));
    EXPECT_EQ(daemon->board().find("node-b")->lastAction().cause, icd::board::ActionCause::Operator);
}

TEST_F(GpioDaemon, AnUnconfirmedOffIsRetriedAndNeverFollowedByOn)
{
    daemon = std::make_unique<IcdDaemon>(loop, clock, config, "boot-1", fakeLines());
    ASSERT_TRUE(runUntil(2s, [&] { return state() == "armed"; }));
    // A welded contact: the readback stays "powered" whatever is set.
    relay->stickReadback(false);
    beating = false;
    ASSERT_TRUE(runUntil(3s, [&] { return daemon->board().find("node-b")->counters().relayFailures >= 2; }));
    for (bool level : relay->history())
        EXPECT_TRUE(level) << "power-on sent before a confirmed off";
    relay->stickReadback(std::nullopt);
    ASSERT_TRUE(runUntil(3s, [&] { return !relay->history().empty() && relay->history().back() == false; }));
}

TEST_F(GpioDaemon, ALatchedHostIsTakenOverWithItsRelayOff)
{
    {
        daemon = std::make_unique<IcdDaemon>(loop, clock, config, "boot-1", fakeLines());
        ASSERT_TRUE(runUntil(2s, [&] { return state() == "armed"; }));
        beating = false;
        // CycleBurst=1: the first silence cycles, the second latches.
        ASSERT_TRUE(runUntil(4s, [&] { return relay->history() == std::vector<bool>{true, false}; }));
        ASSERT_TRUE(runUntil(5s, [&] { return state() == "off-latched"; }));
        daemon.reset();
    }
    daemon = std::make_unique<IcdDaemon>(loop, clock, config, "boot-1", fakeLines());
    // Requested at its off level (high, active low): never a glitch of power.
    EXPECT_TRUE(relayInitialLevel);
    EXPECT_TRUE(relay->value());
    EXPECT_EQ(state(), "off-latched");
}

} // namespace
