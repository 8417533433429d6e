#pragma once
// pgmd's log: structured journal entries for what operators search for
// (state transitions, escalation steps) and plain messages for the rest.
// Without a journal (pgmd started by hand, in a container) the same text goes
// to stderr instead.

#include <string>

namespace pgmd::log {

// A group changed state. Priority info, notice when it becomes unavailable.
void transition(const std::string& group, const std::string& layer, const std::string& from,
                const std::string& to, const std::string& reason);

// An escalation step was taken; `group` is "" for host-wide steps. Priority
// warning, err for reboot and exhausted.
void escalation(const std::string& group, const std::string& layer, const std::string& step,
                const std::string& reason);

void info(const std::string& msg);
void warning(const std::string& msg);
void error(const std::string& msg);

} // namespace pgmd::log
