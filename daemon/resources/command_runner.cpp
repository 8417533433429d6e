#include "command_runner.hpp"

#include "core/signal_name.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <system_error>
#include <time.h>

extern char** environ;

namespace pgmd {

struct CommandRunner::Child {
    CommandRunner* owner = nullptr;
    pid_t pid = -1;
    Done done;
    Duration timeout{};
    sd_event_source* exitSource = nullptr;
    sd_event_source* timerSource = nullptr;
    bool timedOut = false;
};

CommandRunner::CommandRunner(sd_event* event) : event_(sd_event_ref(event))
{
    const int r = sd_event_add_defer(event_, &unstartedSource_, &CommandRunner::onUnstarted, this);
    if (r < 0) {
        sd_event_unref(event_);
        throw std::system_error(-r, std::generic_category(), "sd_event_add_defer (command runner)");
    }
    sd_event_source_set_enabled(unstartedSource_, SD_EVENT_OFF);
}

CommandRunner::~CommandRunner()
{
    for (auto& [pid, child] : children_) {
        sd_event_source_disable_unref(child->exitSource);
        sd_event_source_disable_unref(child->timerSource);
        kill(-pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
    sd_event_source_disable_unref(unstartedSource_);
    sd_event_unref(event_);
}

void CommandRunner::run(const std::vector<std::string>& argv, Duration timeout, Done done)
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
    child->owner = this;
    child->pid = pid;
    child->done = std::move(done);
    child->timeout = timeout;
    int r = sd_event_add_child(event_, &child->exitSource, pid, WEXITED, &CommandRunner::onExit, child.get());
    if (r >= 0) {
        uint64_t now = 0;
        sd_event_now(event_, CLOCK_MONOTONIC, &now);
        r = sd_event_add_time(event_, &child->timerSource, CLOCK_MONOTONIC,
                              now + static_cast<uint64_t>(timeout.count()), 0, &CommandRunner::onTimeout,
                              child.get());
    }
    if (r < 0) {
        // Unwatched, it could neither be reaped nor timed out: it must not run at all.
        kill(-pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        sd_event_source_disable_unref(child->exitSource);
        reportUnstarted(std::move(child->done), -r, std::string("cannot watch child: ") + std::strerror(-r));
        return;
    }
    children_[pid] = std::move(child);
}

int CommandRunner::onExit(sd_event_source*, const siginfo_t* si, void* userdata)
{
    auto* child = static_cast<Child*>(userdata);
    CommandResult result;
    if (child->timedOut) {
        result = {CommandEnding::TimedOut, 0,
                  "timed out after " + std::to_string(child->timeout.count() / 1000) + "ms"};
    } else if (si->si_code == CLD_EXITED) {
        result = {CommandEnding::Exited, si->si_status, "exit status " + std::to_string(si->si_status)};
    } else {
        // CLD_KILLED or CLD_DUMPED: si_status is the signal.
        result = {CommandEnding::Killed, si->si_status, "killed by signal " + signalName(si->si_status)};
    }
    child->owner->finish(*child, std::move(result));
    return 0;
}

int CommandRunner::onTimeout(sd_event_source*, uint64_t, void* userdata)
{
    auto* child = static_cast<Child*>(userdata);
    child->timedOut = true;
    kill(-child->pid, SIGKILL);
    return 0;
}

void CommandRunner::finish(Child& child, CommandResult result)
{
    auto node = children_.extract(child.pid);
    sd_event_source_disable_unref(child.exitSource);
    sd_event_source_disable_unref(child.timerSource);
    node.mapped()->done(result);
}

void CommandRunner::reportUnstarted(Done done, int error, std::string detail)
{
    unstarted_.emplace_back(std::move(done), CommandResult{CommandEnding::FailedToStart, error, std::move(detail)});
    sd_event_source_set_enabled(unstartedSource_, SD_EVENT_ONESHOT);
}

int CommandRunner::onUnstarted(sd_event_source*, void* self)
{
    auto* runner = static_cast<CommandRunner*>(self);
    // A `done` may run another command that fails at once: it is queued
    // afresh and reported on a later turn, not in this loop.
    auto batch = std::exchange(runner->unstarted_, {});
    for (auto& [done, result] : batch)
        done(result);
    return 0;
}

} // namespace pgmd
