// icd-fault-proxy as a process: its command line, its links, forwarding
// both ways, faults on whole frames, its signals, its log, and peers that
// close and reopen their ends.

#include "fault_proxy_process.hpp"
#include "serial_peer.hpp"
#include "test_frames.hpp"

#include "child_process.hpp"

#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <gtest/gtest.h>
#include <poll.h>
#include <regex>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace icd::test {
namespace {

using namespace std::chrono_literals;

// Reads from `peer` until `size` bytes came (or 2 s passed).
Bytes receive(SerialPeer& peer, std::size_t size)
{
    return peer.readUntil(2s, [size](const Bytes& got) { return got.size() >= size; });
}

std::string readLink(const std::string& path)
{
    std::array<char, PATH_MAX> target{};
    const ssize_t n = readlink(path.c_str(), target.data(), target.size() - 1);
    return n < 0 ? std::string() : std::string(target.data(), static_cast<std::size_t>(n));
}

bool exists(const std::string& path)
{
    struct stat st {};
    return lstat(path.c_str(), &st) == 0;
}

bool waitForLoggedFrames(const FaultProxyProcess& proxy, std::size_t count)
{
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (proxy.loggedFrames().size() < count) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        poll(nullptr, 0, 2);
    }
    return true;
}

// User plus system CPU time of `pid`, in clock ticks.
long cpuTicks(pid_t pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::vector<std::string> field{std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>()};
    // After the command name: state is field 3 of proc(5), utime 14, stime 15.
    return std::stol(field.at(11)) + std::stol(field.at(12));
}

// The CPU the proxy spends over a window of doing nothing; a loop that
// polls a hung-up master would spend all of it.
long ticksWhileIdle(pid_t pid)
{
    const long before = cpuTicks(pid);
    // A measurement window, not a wait for something to happen.
    poll(nullptr, 0, 400);
    return cpuTicks(pid) - before;
}

TEST(FaultProxyCommandLine, ABadOptionIsNamedAndExits2)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{}, "missing --host-link"},
        {{"--host-link", "/tmp/h", "--board-link", "/tmp/b", "--bogus"}, "unknown option --bogus"},
        {{"--host-link", "/tmp/h", "--board-link", "/tmp/b", "--to-board", "drop=7"}, "--to-board: 'drop=7'"},
        {{"--host-link", "/tmp/h", "--board-link", "/tmp/b", "--to-host", "wobble=0.1"}, "--to-host: unknown fault kind"},
        {{"--host-link", "/tmp/h", "--board-link", "/tmp/b", "--seed", "-3"}, "--seed:"},
    };
    for (const auto& [args, message] : cases) {
        std::vector<std::string> argv{ICD_FAULT_PROXY_PATH};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto result = pgmd::test::run(argv, 5s);
        EXPECT_EQ(result.exitCode, 2) << message << "\n" << result.output;
        EXPECT_NE(result.output.find(message), std::string::npos) << result.output;
    }
}

TEST(FaultProxyCommandLine, HelpShowsTheUsage)
{
    const auto result = pgmd::test::run({ICD_FAULT_PROXY_PATH, "--help"}, 5s);
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_TRUE(result.output.starts_with("usage: icd-fault-proxy --host-link PATH --board-link PATH")) << result.output;
}

TEST(FaultProxy, PrintsTheSlavesTheLinksPointAtAndRemovesTheLinksOnStop)
{
    FaultProxyProcess proxy;
    EXPECT_TRUE(std::regex_match(proxy.hostDevice(), std::regex("/dev/pts/[0-9]+"))) << proxy.hostDevice();
    EXPECT_TRUE(std::regex_match(proxy.boardDevice(), std::regex("/dev/pts/[0-9]+"))) << proxy.boardDevice();
    EXPECT_NE(proxy.hostDevice(), proxy.boardDevice());
    EXPECT_EQ(readLink(proxy.hostLink()), proxy.hostDevice());
    EXPECT_EQ(readLink(proxy.boardLink()), proxy.boardDevice());

    const ProxySummary summary = proxy.stop();
    EXPECT_EQ(summary.exitStatus, 0) << proxy.errorOutput();
    EXPECT_EQ(summary.line, "icd-fault-proxy: to-board frames=0 faults drop=0 delay=0 corrupt=0 duplicate=0 "
                            "replay=0 garbage=0 split=0; to-host frames=0 faults drop=0 delay=0 corrupt=0 "
                            "duplicate=0 replay=0 garbage=0 split=0");
    EXPECT_FALSE(exists(proxy.hostLink()));
    EXPECT_FALSE(exists(proxy.boardLink()));
}

TEST(FaultProxy, SigintStopsItLikeSigterm)
{
    FaultProxyProcess proxy;
    const ProxySummary summary = proxy.stop(SIGINT);
    EXPECT_EQ(summary.exitStatus, 0) << proxy.errorOutput();
    EXPECT_FALSE(summary.line.empty()) << proxy.errorOutput();
    EXPECT_FALSE(exists(proxy.hostLink()));
}

TEST(FaultProxy, ReplacesASymlinkAndLeavesAReplacedOneAlone)
{
    FaultProxyProcess first;
    // The second takes over the first one's host link.
    FaultProxyProcess second({.hostLink = first.hostLink()});
    EXPECT_EQ(readLink(first.hostLink()), second.hostDevice());

    EXPECT_EQ(first.stop().exitStatus, 0);
    // Not the first one's any more: still there.
    EXPECT_EQ(readLink(first.hostLink()), second.hostDevice());
    EXPECT_EQ(second.stop().exitStatus, 0);
    EXPECT_FALSE(exists(first.hostLink()));
}

TEST(FaultProxy, RefusesToReplaceAnythingButASymlink)
{
    char tmpl[] = "/tmp/icd-fault-proxy-refuse-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    const std::string dir = tmpl;
    const std::string precious = dir + "/board-link";
    std::ofstream(precious) << "keep me\n";

    const auto result = pgmd::test::run({ICD_FAULT_PROXY_PATH, "--host-link", dir + "/host-link", "--board-link",
                                         precious}, 5s);
    EXPECT_EQ(result.exitCode, 1) << result.output;
    EXPECT_NE(result.output.find(precious + " exists and is not a symlink"), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find("ready"), std::string::npos) << result.output;
    std::ifstream in(precious);
    std::string kept;
    std::getline(in, kept);
    EXPECT_EQ(kept, "keep me");
    // The link it had made already is gone again.
    EXPECT_FALSE(exists(dir + "/host-link"));
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

TEST(FaultProxy, ACleanLineCarriesBothWaysByteForByteAndLogsEachFrame)
{
    FaultProxyProcess proxy({.log = true});
    SerialPeer host(proxy.hostLink());
    SerialPeer board(proxy.boardLink());

    const Bytes toBoard = joined({frameOf({1, 2, 3}), frameOf({4}), Bytes{9, 9}, frameOf({5, 6})});
    ASSERT_TRUE(host.write(toBoard));
    EXPECT_EQ(receive(board, toBoard.size()), toBoard);
    const Bytes toHost = joined({frameOf({7, 8}), frameOf({10, 11, 12})});
    ASSERT_TRUE(board.write(toHost));
    EXPECT_EQ(receive(host, toHost.size()), toHost);

    // Each line is written once its frame went on: it may come just after the bytes.
    ASSERT_TRUE(waitForLoggedFrames(proxy, 6));
    const auto frames = proxy.loggedFrames();
    ASSERT_EQ(frames.size(), 6u);
    EXPECT_EQ(frames[0].direction, "to-board");
    EXPECT_EQ(frames[0].bytes, frameOf({1, 2, 3}));
    // Noise is cut off at the next frame's leading delimiter; that frame
    // goes on from there.
    EXPECT_EQ(frames[2].bytes, (Bytes{9, 9, 0x00}));
    EXPECT_EQ(frames[3].bytes, (Bytes{5, 6, 0x00}));
    EXPECT_EQ(frames[5].direction, "to-host");
    EXPECT_EQ(frames[5].bytes, frameOf({10, 11, 12}));
    for (const LoggedFrame& frame : frames)
        EXPECT_TRUE(frame.faults.empty());
    EXPECT_LE(frames[0].monotonicNs, frames[5].monotonicNs);

    const ProxySummary summary = proxy.stop();
    EXPECT_EQ(summary.toBoard.frames, 4u) << summary.line;
    EXPECT_EQ(summary.toHost.frames, 2u) << summary.line;
}

TEST(FaultProxy, FaultsHitWholeFramesEachWayAndPausingCleansTheLine)
{
    FaultProxyProcess proxy({.toBoard = "duplicate=1", .toHost = "drop=1", .log = true});
    SerialPeer host(proxy.hostLink());
    SerialPeer board(proxy.boardLink());
    const Bytes a = frameOf({0x41, 0x41});
    const Bytes b = frameOf({0x42});
    const Bytes c = frameOf({0x43, 0x43, 0x43});

    ASSERT_TRUE(host.write(a));
    EXPECT_EQ(receive(board, 2 * a.size()), joined({a, a}));
    ASSERT_TRUE(board.write(b));  // dropped
    // Taken in before the pause: a pause applies to bytes written after it.
    ASSERT_TRUE(waitForLoggedFrames(proxy, 2));
    proxy.pauseFaults();
    ASSERT_TRUE(board.write(c));
    // In order on the line: had b got through, it would come first.
    EXPECT_EQ(receive(host, c.size()), c);
    ASSERT_TRUE(host.write(a));
    ASSERT_TRUE(host.write(c));
    EXPECT_EQ(receive(board, a.size() + c.size()), joined({a, c}));

    proxy.resumeFaults();
    ASSERT_TRUE(host.write(b));
    EXPECT_EQ(receive(board, 2 * b.size()), joined({b, b}));

    ASSERT_TRUE(waitForLoggedFrames(proxy, 6));
    std::vector<std::string> logged;
    for (const LoggedFrame& frame : proxy.loggedFrames())
        logged.push_back(frame.direction + " " + (frame.faults.empty() ? "-" : frame.faults.front()));
    EXPECT_EQ(logged, (std::vector<std::string>{"to-board duplicate", "to-host drop", "to-host -", "to-board -",
                                                "to-board -", "to-board duplicate"}));

    const ProxySummary summary = proxy.stop();
    EXPECT_EQ(summary.toBoard.frames, 4u) << summary.line;
    EXPECT_EQ(summary.toBoard.faults.at("duplicate"), 2u) << summary.line;
    EXPECT_EQ(summary.toHost.frames, 2u) << summary.line;
    EXPECT_EQ(summary.toHost.faults.at("drop"), 1u) << summary.line;
}

TEST(FaultProxy, HoldsBytesWithoutADelimiterUpTo4KiBThenPassesThemOnAsNoise)
{
    FaultProxyProcess proxy({.toBoard = "drop=1", .log = true});
    SerialPeer host(proxy.hostLink());
    SerialPeer board(proxy.boardLink());

    const Bytes noise(5000, 0x5a);
    ASSERT_TRUE(host.write(noise));
    // Noise is never a frame, so drop=1 does not touch it.
    EXPECT_EQ(receive(board, 4096), Bytes(4096, 0x5a));
    ASSERT_TRUE(host.write(Bytes{0x00}));
    // The rest ended with a delimiter: a frame now, and this line drops frames.
    ASSERT_TRUE(waitForLoggedFrames(proxy, 2));
    proxy.pauseFaults();
    ASSERT_TRUE(host.write(frameOf({1})));
    EXPECT_EQ(receive(board, 3), frameOf({1}));

    ASSERT_TRUE(waitForLoggedFrames(proxy, 3));
    const auto frames = proxy.loggedFrames();
    ASSERT_EQ(frames.size(), 3u);
    EXPECT_EQ(frames[0].bytes.size(), 4096u);
    EXPECT_TRUE(frames[0].faults.empty());
    EXPECT_EQ(frames[1].bytes.size(), 5000u - 4096u + 1u);
    EXPECT_EQ(frames[1].faults, std::vector<std::string>{"drop"});
}

TEST(FaultProxy, PeersClosingAndReopeningTheirEndsNeitherHangUpTheLineNorMakeItSpin)
{
    FaultProxyProcess proxy;
    const Bytes ping = frameOf({0x50, 0x49});
    const Bytes pong = frameOf({0x50, 0x4f});
    {
        SerialPeer host(proxy.hostLink());
        SerialPeer board(proxy.boardLink());
        for (int round = 0; round < 5; ++round) {
            // pgmd restarting, the host power-cycled, pgm-icd restarting.
            host.reopen();
            board.reopen();
            ASSERT_TRUE(host.write(ping));
            ASSERT_EQ(receive(board, ping.size()), ping) << "round " << round;
            ASSERT_TRUE(board.write(pong));
            ASSERT_EQ(receive(host, pong.size()), pong) << "round " << round;
        }
        EXPECT_LE(ticksWhileIdle(proxy.pid()), 2) << "an idle proxy with both peers there";
    }
    // Nobody on either end: a master without a held slave would hang up now.
    EXPECT_LE(ticksWhileIdle(proxy.pid()), 2) << "an idle proxy with no peer";
    // Bytes written while nobody listened are not the new peer's business.
    SerialPeer host(proxy.hostLink());
    SerialPeer board(proxy.boardLink());
    ASSERT_TRUE(host.write(ping));
    EXPECT_EQ(receive(board, ping.size()), ping);
    ASSERT_TRUE(board.write(pong));
    EXPECT_EQ(receive(host, pong.size()), pong);

    const ProxySummary summary = proxy.stop();
    EXPECT_EQ(summary.exitStatus, 0) << proxy.errorOutput();
    EXPECT_EQ(summary.toBoard.frames, 6u) << summary.line;
    EXPECT_EQ(summary.toHost.frames, 6u) << summary.line;
}

} // namespace
} // namespace icd::test
