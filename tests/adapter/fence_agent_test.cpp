// The fence agent adapter on a real loop with the real CommandRunner, against
// tests/integration/cluster/fence-test-agent (plug states in a directory):
// off confirmed by status, an agent that fails, a status that keeps saying on.

#include "../unit/support/temp_dir.hpp"
#include "cluster/fence_agent.hpp"
#include "common/loop/event_loop.hpp"
#include "run_until.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>

namespace pgmd {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class FenceAgentTest : public ::testing::Test {
protected:
    FenceAgentTest() { pgm::blockChildSignals(); }

    ClusterSpec spec(Duration timeout = 10s) const
    {
        ClusterSpec s;
        s.fenceCommand = {FENCE_TEST_AGENT, "--state-dir=" + state.path()};
        s.fenceTimeout = timeout;
        return s;
    }
    void touch(const std::string& name) { std::ofstream(state / name) << ""; }
    std::string file(const std::string& name)
    {
        std::ifstream in(state / name);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
    // Fences `node` and turns the loop until the one report.
    FenceOutcome fence(const ClusterSpec& s, const std::string& node)
    {
        std::vector<FenceOutcome> outcomes;
        FenceAgent agent(loop.get(), s, [&](const FenceOutcome& o) { outcomes.push_back(o); }, 50ms);
        EXPECT_TRUE(agent.fence(node));
        EXPECT_TRUE(outcomes.empty()) << "reported from inside fence()";
        EXPECT_TRUE(agent.busy(node));
        EXPECT_FALSE(agent.fence(node)) << "a second fence of a node under way";
        EXPECT_TRUE(test::runUntil(loop, [&] { return !outcomes.empty(); }, 10s));
        EXPECT_FALSE(agent.busy(node));
        // Nothing more comes.
        test::runUntil(loop, [] { return false; }, 200ms);
        EXPECT_EQ(outcomes.size(), 1u);
        return outcomes.empty() ? FenceOutcome{} : outcomes.front();
    }

    test::TempDir state;
    pgm::EventLoop loop;
};

TEST_F(FenceAgentTest, OffConfirmedByStatusIsASuccess)
{
    FenceOutcome o = fence(spec(), "node-b");
    EXPECT_EQ(o.node, "node-b");
    EXPECT_TRUE(o.off);
    EXPECT_EQ(o.detail, "confirmed off by the fence agent (--action=status: exit status 2)");
    EXPECT_EQ(file("node-b"), "off\n");
    EXPECT_EQ(file("calls"), "off node-b\nstatus node-b\n");
}

TEST_F(FenceAgentTest, AnAgentThatFailsIsAFailureWithItsExit)
{
    touch("node-b.broken");
    FenceOutcome o = fence(spec(), "node-b");
    EXPECT_FALSE(o.off);
    EXPECT_EQ(o.detail, "--action=off failed: exit status 1: fence-test-agent: plug node-b: device error (test "
                        "fault node-b.broken)");
    EXPECT_EQ(file("calls"), "off node-b\n");
}

TEST_F(FenceAgentTest, AStatusThatKeepsSayingOnTimesOut)
{
    touch("node-b.stuck");
    FenceOutcome o = fence(spec(500ms), "node-b");
    EXPECT_FALSE(o.off);
    EXPECT_EQ(o.detail, "not confirmed off within FenceTimeoutSec=500ms (last status: on, exit status 0)");
    // Asked again and again, not once.
    const std::string calls = file("calls");
    EXPECT_THAT(calls, HasSubstr("status node-b\nstatus node-b\n"));
}

TEST_F(FenceAgentTest, AStatusThatFailsUntilTheEndIsReportedWithWhatTheAgentSaid)
{
    // off succeeds, then every status fails.
    ClusterSpec s = spec(300ms);
    s.fenceCommand = {"/bin/sh", "-c",
                      "case \"$1\" in --action=off) exit 0;; esac; printf 'Unable to connect\\033[2J\\n' >&2; exit 1",
                      "agent"};
    FenceOutcome o = fence(s, "node-b");
    EXPECT_FALSE(o.off);
    EXPECT_EQ(o.detail, "not confirmed off within FenceTimeoutSec=300ms (last status: error, exit status 1: "
                        "Unable to connect\\x1b[2J)");
}

TEST_F(FenceAgentTest, WithoutAFenceCommandNothingIsFenced)
{
    FenceOutcome o = fence(ClusterSpec{}, "node-b");
    EXPECT_FALSE(o.off);
    EXPECT_THAT(o.detail, HasSubstr("empty command"));
}

TEST_F(FenceAgentTest, SeveralNodesAtOnceEachReportedOnce)
{
    touch("node-c.broken");
    std::map<std::string, FenceOutcome> outcomes;
    FenceAgent agent(loop.get(), spec(), [&](const FenceOutcome& o) { outcomes.emplace(o.node, o); }, 50ms);
    EXPECT_TRUE(agent.fence("node-b"));
    EXPECT_TRUE(agent.fence("node-c"));
    EXPECT_TRUE(test::runUntil(loop, [&] { return outcomes.size() == 2; }, 10s));
    EXPECT_TRUE(outcomes["node-b"].off);
    EXPECT_FALSE(outcomes["node-c"].off);
}

TEST_F(FenceAgentTest, AReportMayStartTheNextFenceOfTheSameNode)
{
    touch("node-b.broken");
    int reports = 0;
    std::optional<FenceAgent> agent;
    agent.emplace(loop.get(), spec(), [&](const FenceOutcome& o) {
        if (++reports == 1) {
            std::filesystem::remove(state / "node-b.broken");
            EXPECT_TRUE(agent->fence(o.node));
        }
    }, 50ms);
    agent->fence("node-b");
    EXPECT_TRUE(test::runUntil(loop, [&] { return reports == 2; }, 10s));
    EXPECT_EQ(file("node-b"), "off\n");
}

} // namespace
} // namespace pgmd
