#pragma once
// One line per event on stderr, which systemd hands to the journal. The lines
// are meant to be read by people and matched by tests, so they stay stable.

#include <string>

namespace example {

enum class Level { Error, Warning, Info };

void log(Level level, const std::string& line);

} // namespace example
