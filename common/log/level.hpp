#pragma once
// How much is written: entries less urgent than the level are dropped. The
// level is a syslog priority, LOG_EMERG (0) to LOG_DEBUG (7), named as
// systemd names them (LogLevel= in its own configuration): emerg, alert,
// crit, err, warning, notice, info, debug.

#include <optional>
#include <string_view>

namespace pgm::log {

inline constexpr int kDefaultLevel = 6;  // LOG_INFO

// A name or a digit 0-7; nothing for anything else.
std::optional<int> parseLevel(std::string_view text);
const char* levelName(int level);

// For every thread of the process; probe threads log too.
void setLevel(int level);
int level();
bool enabled(int priority);

} // namespace pgm::log
