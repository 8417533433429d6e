#include "log_level.hpp"

#include "log/journal.hpp"

#include <syslog.h>

namespace pgmd {

LogLevelSetting::LogLevelSetting(std::optional<int> commandLine, const ManagerSpec& initial)
    : commandLine_(commandLine)
{
    apply(initial);
}

void LogLevelSetting::apply(const ManagerSpec& manager)
{
    const int wanted = commandLine_.value_or(manager.logLevel);
    if (wanted == pgm::log::level())
        return;
    const std::string why = commandLine_ ? "--log-level" : "LogLevel= in pgmd.conf";
    const std::string line = std::string("log level ") + pgm::log::levelName(wanted) + " (" + why + ")";
    // Said at the level that lets it through: before lowering, after raising.
    const bool sayBefore = pgm::log::enabled(LOG_INFO);
    if (sayBefore)
        log::info(line);
    pgm::log::setLevel(wanted);
    if (!sayBefore)
        log::info(line);
}

} // namespace pgmd
