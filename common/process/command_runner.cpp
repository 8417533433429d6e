#include "common/process/command_runner.hpp"

#include "common/process/signal_name.hpp"
#include "common/files/unique_fd.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <system_error>
#include <time.h>
#include <utility>

extern char** environ;

namespace pgm {

struct CommandRunner::Child {
    Done done;
    Duration timeout{};
    bool timedOut = false;
    std::optional<ChildWatch> exit;
    std::optional<MonotonicTimer> timer;
    files::UniqueFd errorOutput;  // a memfd that is the child's stderr; -1: inherited
};

namespace {

// The last kErrorOutputLimit bytes of what a child wrote to the memfd.
std::string readErrorOutput(int fd)
{
    struct stat st{};
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0)
        return {};
    const auto size = static_cast<std::size_t>(st.st_size);
    const std::size_t length = std::min(size, kErrorOutputLimit);
    std::string text(length, '\0');
    const ssize_t n = pread(fd, text.data(), length, static_cast<off_t>(size - length));
    text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return text;
}

} // namespace

CommandRunner::CommandRunner(sd_event* event)
    : event_(event), unstartedReport_(event, [this] { onUnstarted(); }, "command runner: unstarted commands")
{
}

CommandRunner::~CommandRunner()
{
    for (auto& [pid, child] : children_) {
        // Unwatched first, so that the loop does not reap what is waited for here.
        child->exit.reset();
        child->timer.reset();
        kill(-pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
}

void CommandRunner::run(const std::vector<std::string>& argv, Duration timeout, Done done, ErrorOutput errorOutput)
{
    if (argv.empty()) {
        reportUnstarted(std::move(done), EINVAL, "empty command");
        return;
    }
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    // Close-on-exec here, so that no other child inherits it; dup2 makes the
    // child's copy an ordinary stderr.
    files::UniqueFd errors;
    if (errorOutput == ErrorOutput::Captured) {
        errors = files::UniqueFd(memfd_create("command stderr", MFD_CLOEXEC));
        if (errors.get() < 0) {
            const int err = errno;
            posix_spawn_file_actions_destroy(&actions);
            reportUnstarted(std::move(done), err, "cannot capture the standard error of " + argv[0] + ": " +
                                                      std::strerror(err));
            return;
        }
        posix_spawn_file_actions_adddup2(&actions, errors.get(), STDERR_FILENO);
    }
    // The child must not inherit pgmd's blocked signals (SIGCHLD, SIGTERM, ...).
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    // Its own process group, so that a timeout ends whatever it started too.
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);

    pid_t pid = -1;
    const int err = posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (err != 0) {
        reportUnstarted(std::move(done), err, "cannot run " + argv[0] + ": " + std::strerror(err));
        return;
    }

    auto child = std::make_unique<Child>();
    child->done = std::move(done);
    child->timeout = timeout;
    child->errorOutput = std::move(errors);
    try {
        child->exit.emplace(event_, pid, [this, pid](const siginfo_t& info) { onExit(pid, info); },
                            "command runner: child");
        child->timer.emplace(event_, [pid, c = child.get()] {
            c->timedOut = true;
            kill(-pid, SIGKILL);
        }, "command runner: timeout");
        child->timer->armAt(loopNow(event_) + timeout);
    } catch (const std::system_error& e) {
        // Unwatched, it could neither be reaped nor timed out: it must not run at all.
        child->exit.reset();
        kill(-pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        reportUnstarted(std::move(child->done), e.code().value(), std::string("cannot watch child: ") + e.what());
        return;
    }
    children_[pid] = std::move(child);
}

void CommandRunner::onExit(pid_t pid, const siginfo_t& si)
{
    auto node = children_.extract(pid);
    const Child& child = *node.mapped();
    CommandResult result;
    if (child.timedOut) {
        result = {CommandEnding::TimedOut, 0, "timed out after " + std::to_string(child.timeout.count() / 1000) + "ms"};
    } else if (si.si_code == CLD_EXITED) {
        result = {CommandEnding::Exited, si.si_status, "exit status " + std::to_string(si.si_status)};
    } else {
        // CLD_KILLED or CLD_DUMPED: si_status is the signal.
        result = {CommandEnding::Killed, si.si_status, "killed by signal " + signalName(si.si_status)};
    }
    result.errorOutput = readErrorOutput(child.errorOutput.get());
    child.done(result);
}

void CommandRunner::reportUnstarted(Done done, int error, std::string detail)
{
    unstarted_.emplace_back(std::move(done), CommandResult{CommandEnding::FailedToStart, error, std::move(detail)});
    unstartedReport_.trigger();
}

void CommandRunner::onUnstarted()
{
    // A `done` may run another command that fails at once: it is queued
    // afresh and reported on a later turn, not in this loop.
    auto batch = std::exchange(unstarted_, {});
    for (auto& [done, result] : batch)
        done(result);
}

} // namespace pgm
