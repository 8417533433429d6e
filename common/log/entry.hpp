#pragma once
// A log entry before it is sent: the text, the priority and the structured
// fields. Building it is kept apart from sending it so that the wording and
// the fields can be checked without a journal.

#include <string>
#include <syslog.h>
#include <utility>
#include <vector>

namespace pgm::log {

struct Entry {
    int priority = LOG_INFO;  // syslog priority
    std::string message;  // MESSAGE=
    std::vector<std::pair<std::string, std::string>> fields;  // besides MESSAGE and PRIORITY
};

Entry plainEntry(int priority, const std::string& msg);

// The one line printed for `e` when there is no journal.
std::string stderrLine(const Entry& e);

} // namespace pgm::log
