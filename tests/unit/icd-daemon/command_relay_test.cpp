// CommandRelay against small fence agents written in shell, run for real on
// an event loop: the "status" exit code read as on/off, a switch confirmed by
// a readback, and every way a command can fail reported as no reading.

#include "../support/temp_dir.hpp"

#include "command_relay.hpp"
#include "common/loop/event_loop.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>

namespace icd::daemon {
namespace {

using namespace std::chrono_literals;
using icd::board::RelayReading;
using icd::board::RelayResult;

// The agent's action arrives as $1, as CommandRelay appends it to argv.
std::vector<std::string> agent(const std::string& script)
{
    return {"/bin/sh", "-c", script, "fence-agent"};
}

class CommandRelayTest : public ::testing::Test {
protected:
    CommandRelayTest()
    {
        // sd-event's child sources need SIGCHLD blocked before the children exist.
        sigset_t chld;
        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        sigprocmask(SIG_BLOCK, &chld, nullptr);
    }

    using Operation = void (CommandRelay::*)(CommandRelay::Done);

    // Runs one relay operation until it reports, or fails the test after 20s.
    RelayResult perform(const std::vector<std::string>& argv, Operation operation, pgm::Duration timeout = 5s)
    {
        pgm::EventLoop loop;
        timespec now{};
        clock_gettime(CLOCK_MONOTONIC, &now);
        loop.setDeadline(pgm::MonoTime{std::int64_t{now.tv_sec} * 1'000'000 + now.tv_nsec / 1000} + 20s,
                         [&loop] { loop.exit(EXIT_FAILURE); });
        pgm::CommandRunner runner(loop.get());
        CommandRelay relay(runner, argv, timeout);
        std::optional<RelayResult> out;
        (relay.*operation)([&](const RelayResult& result) {
            EXPECT_FALSE(out) << "reported twice";
            out = result;
            loop.exit(0);
        });
        EXPECT_FALSE(out) << "reported from inside the call";
        EXPECT_EQ(loop.run(), 0) << "no report within 20s";
        return out.value_or(RelayResult{false, RelayReading::Unknown, "no report"});
    }

    // An agent that keeps the power state in a file and logs every action.
    std::vector<std::string> switchingAgent(const std::string& power, const std::string& onAction = "")
    {
        std::ofstream(dir_ / "power") << power << "\n";
        const std::string state = dir_ / "power";
        return agent("echo \"$1\" >> " + dir_ / "actions" + "\n" + onAction +
                     "case \"$1\" in\n"
                     "  on|off) echo \"$1\" > " + state + " ;;\n"
                     "  status) [ \"$(cat " + state + ")\" = on ] && exit 0; exit 2 ;;\n"
                     "esac\n");
    }

    std::string actions() const
    {
        std::ifstream in(dir_ / "actions");
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    pgmd::test::TempDir dir_;
};

TEST_F(CommandRelayTest, StatusExitZeroReadsOn)
{
    const RelayResult r = perform(agent("exit 0"), &CommandRelay::status);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.reading, RelayReading::On);
    EXPECT_EQ(r.detail, "");
}

TEST_F(CommandRelayTest, StatusExitTwoReadsOffAndIsNoFailure)
{
    const RelayResult r = perform(agent("exit 2"), &CommandRelay::status);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.reading, RelayReading::Off);
    EXPECT_EQ(r.detail, "");
}

TEST_F(CommandRelayTest, StatusExitSevenIsNoReading)
{
    const RelayResult r = perform(agent("exit 7"), &CommandRelay::status);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.reading, RelayReading::Unknown);
    EXPECT_EQ(r.detail, "status: exit status 7");
}

// Signal 2 (SIGINT) is not exit status 2: a killed agent read nothing.
TEST_F(CommandRelayTest, StatusKilledBySignalTwoIsNoReading)
{
    const RelayResult r = perform(agent("kill -s INT $$"), &CommandRelay::status);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.reading, RelayReading::Unknown);
    EXPECT_EQ(r.detail, "status: killed by signal INT");
}

TEST_F(CommandRelayTest, StatusThatOverrunsItsTimeIsNoReading)
{
    const RelayResult r = perform(agent("exec sleep 30"), &CommandRelay::status, 200ms);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.reading, RelayReading::Unknown);
    EXPECT_EQ(r.detail, "status: timed out after 200ms");
}

TEST_F(CommandRelayTest, AMissingAgentFailsEveryOperationFromTheLoop)
{
    const std::vector<std::string> missing{"/nonexistent/fence_agent"};
    const RelayResult status = perform(missing, &CommandRelay::status);
    EXPECT_FALSE(status.ok);
    EXPECT_EQ(status.reading, RelayReading::Unknown);
    EXPECT_EQ(status.detail, "status: cannot run /nonexistent/fence_agent: No such file or directory");
    const RelayResult off = perform(missing, &CommandRelay::powerOff);
    EXPECT_FALSE(off.ok);
    EXPECT_EQ(off.detail, "off: cannot run /nonexistent/fence_agent: No such file or directory");
}

TEST_F(CommandRelayTest, PowerOffSwitchesThenReadsBack)
{
    const RelayResult r = perform(switchingAgent("on"), &CommandRelay::powerOff);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.reading, RelayReading::Off);
    EXPECT_EQ(actions(), "off\nstatus\n");
}

TEST_F(CommandRelayTest, PowerOnSwitchesThenReadsBack)
{
    const RelayResult r = perform(switchingAgent("off"), &CommandRelay::powerOn);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.reading, RelayReading::On);
    EXPECT_EQ(actions(), "on\nstatus\n");
}

TEST_F(CommandRelayTest, AReadbackThatDisagreesIsPassedOnForTheBoardToJudge)
{
    // "off" claims success but the power stays on.
    const RelayResult r = perform(switchingAgent("on", "[ \"$1\" = off ] && exit 0\n"), &CommandRelay::powerOff);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.reading, RelayReading::On);
    EXPECT_EQ(actions(), "off\nstatus\n");
}

TEST_F(CommandRelayTest, AFailedSwitchIsNotReadBack)
{
    const RelayResult r = perform(switchingAgent("off", "[ \"$1\" = on ] && exit 1\n"), &CommandRelay::powerOn);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.reading, RelayReading::Unknown);
    EXPECT_EQ(r.detail, "on: exit status 1");
    EXPECT_EQ(actions(), "on\n");
}

} // namespace
} // namespace icd::daemon
