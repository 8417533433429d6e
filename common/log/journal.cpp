#include "journal.hpp"

#include "entry.hpp"
#include "sink.hpp"

#include <syslog.h>

namespace pgm::log {

void debug(const std::string& msg)
{
    write(plainEntry(LOG_DEBUG, msg));
}

void info(const std::string& msg)
{
    write(plainEntry(LOG_INFO, msg));
}

void warning(const std::string& msg)
{
    write(plainEntry(LOG_WARNING, msg));
}

void error(const std::string& msg)
{
    write(plainEntry(LOG_ERR, msg));
}

} // namespace pgm::log
