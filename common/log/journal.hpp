#pragma once
// Plain log messages for every daemon of the project: to the journal, or to
// stderr without one (started by hand, in a container).

#include <string>

namespace pgm::log {

// Written only at LogLevel=debug: callers that build an expensive message
// check enabled(LOG_DEBUG) first (level.hpp).
void debug(const std::string& msg);
void info(const std::string& msg);
void warning(const std::string& msg);
void error(const std::string& msg);

} // namespace pgm::log
