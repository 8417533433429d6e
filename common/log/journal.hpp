#pragma once
// Plain log messages for every daemon of the project: to the journal, or to
// stderr without one (started by hand, in a container).

#include <string>

namespace pgm::log {

void info(const std::string& msg);
void warning(const std::string& msg);
void error(const std::string& msg);

} // namespace pgm::log
