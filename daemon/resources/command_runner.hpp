#pragma once
// Runs short helper commands (resource checks, Reinit=) as child processes
// without blocking the event loop: the exit and the timeout are sd-event sources.

#include "core/time.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <systemd/sd-event.h>

namespace pgmd {

class CommandRunner {
public:
    // ok: exited with status 0. detail: "exit status 3", "killed by signal 9", "timed out after 10s".
    using Done = std::function<void(bool ok, const std::string& detail)>;

    // SIGCHLD must be blocked in every thread (sd-event's requirement for child sources).
    explicit CommandRunner(sd_event* event);
    ~CommandRunner();
    CommandRunner(const CommandRunner&) = delete;
    CommandRunner& operator=(const CommandRunner&) = delete;

    void run(const std::vector<std::string>& argv, Duration timeout, Done done);

private:
    struct Child;
    static int onExit(sd_event_source*, const siginfo_t*, void*);
    static int onTimeout(sd_event_source*, uint64_t, void*);
    void finish(Child& child, bool ok, const std::string& detail);

    sd_event* event_;
    std::map<pid_t, std::unique_ptr<Child>> children_;
};

} // namespace pgmd
