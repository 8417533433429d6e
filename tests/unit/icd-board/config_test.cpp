// Board configuration checks.

#include "board_harness.hpp"

using namespace icd::board;
using namespace icd::board::test;

TEST(BoardConfig, DefaultsAreValid)
{
    EXPECT_TRUE(configProblems({hostConfig("a"), hostConfig("b")}).empty());
}

TEST(BoardConfig, AWindowTooShortForTheLimitToTripIsRejected)
{
    HostConfig c = hostConfig("node-a");
    c.cycles = {3, std::chrono::minutes(10)};
    auto problems = configProblems({c});
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0], "host node-a: cycle window 10min must exceed 3 x (boot grace 3min + heartbeat timeout 30s"
                           " + off time 5s) = 10min 45s, or the cycle limit never trips");
    c.cycles.interval = 10min + 45s;
    EXPECT_EQ(configProblems({c}).size(), 1u);  // equal is not enough
    c.cycles.interval = 10min + 46s;
    EXPECT_TRUE(configProblems({c}).empty());
}

TEST(BoardConfig, EveryProblemIsNamed)
{
    HostConfig c = hostConfig("a");
    c.heartbeatTimeout = Duration{0};
    c.offTime = -1s;
    c.bootGrace = -1s;
    auto problems = configProblems({c, hostConfig("a"), hostConfig("")});
    EXPECT_EQ(problems, (std::vector<std::string>{
                            "host a: heartbeat timeout must be positive, not 0",
                            "host a: off time must be positive, not -1s",
                            "host a: boot grace must not be negative",
                            "host a is declared more than once",
                            "a host has an empty id",
                        }));
}

TEST(BoardConfig, TheBoardRefusesAnInvalidConfiguration)
{
    HostConfig c = hostConfig("a");
    c.cycles.interval = 1min;
    pgm::ManualClock clock;
    try {
        Board board({c}, clock, "boot");
        FAIL() << "accepted a window the limit can never trip in";
    } catch (const InvalidBoardConfig& e) {
        ASSERT_EQ(e.problems().size(), 1u);
        EXPECT_NE(std::string(e.what()).find("cycle limit never trips"), std::string::npos);
    }
}

TEST(BoardConfig, PeersMustBeConfiguredOtherHostsThatNameEachOther)
{
    HostConfig a = hostConfig("a"), b = hostConfig("b"), c = hostConfig("c");
    a.peers = {"b", "a", "x"};
    b.peers = {"a"};
    EXPECT_EQ(configProblems({a, b, c}), (std::vector<std::string>{
                                             "host a: Peers= names the host itself",
                                             "host a: Peers= names x, which is not a configured host",
                                             "host c: its peers (every other host, by default) include a, but the "
                                             "Peers= of a do not include c: peers must name each other",
                                             "host c: its peers (every other host, by default) include b, but the "
                                             "Peers= of b do not include c: peers must name each other",
                                         }));
    a.peers = {"b"};
    c.peers = std::vector<std::string>{};
    EXPECT_TRUE(configProblems({a, b, c}).empty());
    EXPECT_EQ(effectivePeers(c, {a, b, c}), std::vector<std::string>{});
    EXPECT_EQ(effectivePeers(hostConfig("d"), {a, b, c}), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(BoardConfig, TheRaceWindowMustNotBeNegative)
{
    EXPECT_TRUE(configProblems({hostConfig("a")}, FenceSettings{Duration{0}}).empty());
    EXPECT_EQ(configProblems({hostConfig("a")}, FenceSettings{-1ms}),
              std::vector<std::string>{"the fence race window must not be negative"});
}
