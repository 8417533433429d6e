#include "common/process/command_runner.hpp"
#include "common/loop/event_loop.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>

namespace pgm {
namespace {

using namespace std::chrono_literals;

// sd-event's child sources need SIGCHLD blocked before the children exist.
void blockChildSignals()
{
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, nullptr);
}

// Ends the loop with a failure if nothing has ended it within the limit.
void giveUpAfter(EventLoop& loop, Duration limit)
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const MonoTime start{std::int64_t{now.tv_sec} * 1'000'000 + now.tv_nsec / 1000};
    loop.setDeadline(start + limit, [&loop] { loop.exit(EXIT_FAILURE); });
}

// Runs one command on a real loop until it reports.
CommandResult runOne(const std::vector<std::string>& argv, Duration timeout,
                     CommandRunner::ErrorOutput errorOutput = CommandRunner::ErrorOutput::Inherited)
{
    blockChildSignals();
    EventLoop loop;
    giveUpAfter(loop, 20s);
    CommandRunner runner(loop.get());
    std::optional<CommandResult> out;
    runner.run(argv, timeout, [&](const CommandResult& result) {
        out = result;
        loop.exit(0);
    }, errorOutput);
    EXPECT_FALSE(out) << "reported from inside run()";
    EXPECT_EQ(loop.run(), 0) << "no report within 20s";
    return out.value_or(CommandResult{CommandEnding::FailedToStart, -1, "no report"});
}

void expectExit(int status)
{
    const CommandResult r = runOne({"/bin/sh", "-c", "exit " + std::to_string(status)}, 5s);
    EXPECT_EQ(r.ending, CommandEnding::Exited);
    EXPECT_EQ(r.code, status);
    EXPECT_EQ(r.exitStatus(), std::optional<int>(status));
    EXPECT_EQ(r.succeeded(), status == 0);
    EXPECT_EQ(r.detail, "exit status " + std::to_string(status));
}

TEST(CommandRunner, ExitZeroSucceeds)
{
    expectExit(0);
    EXPECT_TRUE(runOne({"/bin/true"}, 5s).succeeded());
}

TEST(CommandRunner, ExitTwoIsReportedWithItsCode)
{
    expectExit(2);
}

TEST(CommandRunner, ExitSevenIsReportedWithItsCode)
{
    expectExit(7);
}

TEST(CommandRunner, StandardErrorIsCapturedOnlyWhenAskedFor)
{
    const std::vector<std::string> argv{"/bin/sh", "-c", "echo out; echo first >&2; echo second >&2; exit 1"};
    const CommandResult captured = runOne(argv, 5s, CommandRunner::ErrorOutput::Captured);
    EXPECT_EQ(captured.exitStatus(), std::optional<int>(1));
    EXPECT_EQ(captured.errorOutput, "first\nsecond\n");
    EXPECT_EQ(runOne(argv, 5s).errorOutput, "");
}

TEST(CommandRunner, OnlyTheEndOfALongStandardErrorIsKept)
{
    const CommandResult r = runOne({"/bin/sh", "-c", "head -c 10000 /dev/zero | tr '\\0' a >&2; echo END >&2"}, 5s,
                                   CommandRunner::ErrorOutput::Captured);
    ASSERT_EQ(r.errorOutput.size(), kErrorOutputLimit);
    EXPECT_TRUE(r.errorOutput.ends_with("aaaEND\n"));
    EXPECT_EQ(r.errorOutput.find_first_not_of('a'), kErrorOutputLimit - 4);
}

TEST(CommandRunner, ASignalIsReportedByNumberAndName)
{
    const CommandResult killed = runOne({"/bin/sh", "-c", "kill -9 $$"}, 5s);
    EXPECT_EQ(killed.ending, CommandEnding::Killed);
    EXPECT_EQ(killed.code, SIGKILL);
    EXPECT_EQ(killed.exitStatus(), std::nullopt);
    EXPECT_FALSE(killed.succeeded());
    EXPECT_EQ(killed.detail, "killed by signal KILL");

    const CommandResult realTime = runOne({"/bin/sh", "-c", "kill -s RTMIN+2 $$"}, 5s);
    EXPECT_EQ(realTime.ending, CommandEnding::Killed);
    EXPECT_EQ(realTime.code, SIGRTMIN + 2);
    EXPECT_EQ(realTime.detail, "killed by signal " + std::to_string(SIGRTMIN + 2));
}

TEST(CommandRunner, AMissingProgramFailsToStartAndSaysWhy)
{
    const CommandResult missing = runOne({"/nonexistent/check"}, 5s);
    EXPECT_EQ(missing.ending, CommandEnding::FailedToStart);
    EXPECT_EQ(missing.code, ENOENT);
    EXPECT_EQ(missing.exitStatus(), std::nullopt);
    EXPECT_FALSE(missing.succeeded());
    EXPECT_EQ(missing.detail, "cannot run /nonexistent/check: No such file or directory");

    const CommandResult empty = runOne({}, 5s);
    EXPECT_EQ(empty.ending, CommandEnding::FailedToStart);
    EXPECT_EQ(empty.detail, "empty command");
}

TEST(CommandRunner, ATimeoutEndsTheCommandAndWhatItStarted)
{
    const std::string marker = "/tmp/pgmd-runner-" + std::to_string(getpid());
    const CommandResult hung = runOne({"/bin/sh", "-c", "sleep 30 & echo $! > " + marker + "; wait"}, 300ms);
    EXPECT_EQ(hung.ending, CommandEnding::TimedOut);
    EXPECT_EQ(hung.exitStatus(), std::nullopt);
    EXPECT_FALSE(hung.succeeded());
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

TEST(CommandRunner, ACommandThatCannotStartIsReportedOnceFromTheLoop)
{
    blockChildSignals();
    EventLoop loop;
    giveUpAfter(loop, 20s);
    CommandRunner runner(loop.get());
    std::vector<std::string> order;
    runner.run({"/nonexistent/first"}, 5s, [&](const CommandResult& r) { order.push_back(r.detail); });
    runner.run({"/nonexistent/second"}, 5s, [&](const CommandResult& r) {
        order.push_back(r.detail);
        loop.exit(0);
    });
    EXPECT_TRUE(order.empty());
    EXPECT_EQ(loop.run(), 0) << "no report within 20s";
    EXPECT_EQ(order, (std::vector<std::string>{"cannot run /nonexistent/first: No such file or directory",
                                               "cannot run /nonexistent/second: No such file or directory"}));
}

} // namespace
} // namespace pgm
