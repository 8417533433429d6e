#pragma once
// How a command run by CommandRunner ended. Callers that act on the
// exit code (a fence agent's "status": 0 on, 2 off) read it here instead of
// parsing it out of the text, which is meant for people and the journal.

#include <cstddef>
#include <optional>
#include <string>

namespace pgm {

enum class CommandEnding {
    Exited,         // ran to its end; code is the exit status
    Killed,         // ended by a signal it did not catch; code is the signal number
    TimedOut,       // overran its time and was killed with what it started; code is 0
    FailedToStart,  // never ran (no such program, no permission, ...); code is the errno
};

inline constexpr std::size_t kErrorOutputLimit = 4096;

struct CommandResult {
    CommandEnding ending = CommandEnding::FailedToStart;
    int code = 0;
    // "exit status 3", "killed by signal KILL", "timed out after 10000ms",
    // "cannot run /usr/sbin/x: No such file or directory".
    std::string detail;
    // The end of what the command wrote to its standard error (at most
    // kErrorOutputLimit bytes, as written), when the caller asked for it.
    std::string errorOutput;

    // Exited with status 0: the only ending that means the command did its job.
    bool succeeded() const { return ending == CommandEnding::Exited && code == 0; }
    // The exit status, for a command that ran to its end.
    std::optional<int> exitStatus() const
    {
        return ending == CommandEnding::Exited ? std::optional<int>(code) : std::nullopt;
    }
};

} // namespace pgm
