#pragma once
// Runs short commands (resource checks, Reinit=, the board's relay
// commands) as child processes without blocking the event loop: the exit and
// the timeout are sd-event sources.

#include "common/loop/event_sources.hpp"
#include "common/process/command_result.hpp"
#include "common/time/time.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <systemd/sd-event.h>

namespace pgm {

class CommandRunner {
public:
    using Done = std::function<void(const CommandResult& result)>;

    // SIGCHLD must be blocked in every thread (sd-event's requirement for
    // child sources). Throws std::system_error when the loop cannot take a
    // source.
    explicit CommandRunner(sd_event* event);
    // Kills what is still running (with what it started); their `done` is
    // not called.
    ~CommandRunner();
    CommandRunner(const CommandRunner&) = delete;
    CommandRunner& operator=(const CommandRunner&) = delete;

    // Where the command's standard error goes: pgmd's own (the journal), or
    // into CommandResult::errorOutput, for a caller that reports it.
    enum class ErrorOutput { Inherited, Captured };

    // Returns at once; `done` runs once, later, from the loop, never from
    // inside this call, even for a command that cannot start, so that a
    // caller may still be in the middle of its own work.
    void run(const std::vector<std::string>& argv, Duration timeout, Done done,
             ErrorOutput errorOutput = ErrorOutput::Inherited);

private:
    struct Child;
    void onExit(pid_t pid, const siginfo_t& info);
    void onUnstarted();
    void reportUnstarted(Done done, int error, std::string detail);

    sd_event* event_;
    std::map<pid_t, std::unique_ptr<Child>> children_;
    // Commands that never ran, reported on the loop's next turn.
    std::vector<std::pair<Done, CommandResult>> unstarted_;
    DeferredWork unstartedReport_;
};

} // namespace pgm
