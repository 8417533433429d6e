#include "resources/command_runner.hpp"
#include "loop/event_loop.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace pgmd {
namespace {

using namespace std::chrono_literals;

struct Outcome {
    bool done = false;
    bool ok = false;
    std::string detail;
};

// Runs one command on a real loop until it reports.
Outcome runOne(const std::vector<std::string>& argv, Duration timeout)
{
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, nullptr);
    EventLoop loop;
    CommandRunner runner(loop.get());
    Outcome out;
    runner.run(argv, timeout, [&](bool ok, const std::string& detail) {
        out = {true, ok, detail};
        loop.exit(0);
    });
    if (!out.done)
        loop.run();
    return out;
}

TEST(CommandRunner, ReportsTheExitStatus)
{
    auto ok = runOne({"/bin/true"}, 5s);
    EXPECT_TRUE(ok.ok);
    EXPECT_EQ(ok.detail, "exit status 0");
    auto bad = runOne({"/bin/sh", "-c", "exit 3"}, 5s);
    EXPECT_FALSE(bad.ok);
    EXPECT_EQ(bad.detail, "exit status 3");
}

TEST(CommandRunner, NamesSignalsIncludingRealTimeOnes)
{
    EXPECT_EQ(runOne({"/bin/sh", "-c", "kill -9 $$"}, 5s).detail, "killed by signal KILL");
    EXPECT_EQ(runOne({"/bin/sh", "-c", "kill -s RTMIN+2 $$"}, 5s).detail,
              "killed by signal " + std::to_string(SIGRTMIN + 2));
}

TEST(CommandRunner, AProgramThatCannotRunFailsAtOnce)
{
    auto missing = runOne({"/nonexistent/check"}, 5s);
    EXPECT_FALSE(missing.ok);
    EXPECT_NE(missing.detail.find("cannot run /nonexistent/check"), std::string::npos) << missing.detail;
}

TEST(CommandRunner, ATimeoutEndsTheCommandAndWhatItStarted)
{
    const std::string marker = "/tmp/pgmd-runner-" + std::to_string(getpid());
    auto hung = runOne({"/bin/sh", "-c", "sleep 30 & echo $! > " + marker + "; wait"}, 300ms);
    EXPECT_FALSE(hung.ok);
    EXPECT_EQ(hung.detail, "timed out after 300ms");
    std::ifstream in(marker);
    pid_t grandchild = 0;
    in >> grandchild;
    std::filesystem::remove(marker);
    ASSERT_GT(grandchild, 0);
    // The background sleep was in the command's process group: it is gone too
    // (dead, or a zombie until whoever inherited it reaps it).
    auto alive = [&] {
        std::ifstream stat("/proc/" + std::to_string(grandchild) + "/stat");
        std::string pid, comm, state;
        return static_cast<bool>(stat >> pid >> comm >> state) && state != "Z";
    };
    for (int i = 0; i < 200 && alive(); ++i)
        usleep(10'000);
    EXPECT_FALSE(alive()) << "grandchild " << grandchild << " survived the timeout";
}

} // namespace
} // namespace pgmd
