#include "journal.hpp"

#include "entry.hpp"
#include "sink.hpp"

#include <syslog.h>

namespace pgmd::log {

void transition(const std::string& group, const std::string& layer, const std::string& from,
                const std::string& to, const std::string& reason)
{
    write(transitionEntry(group, layer, from, to, reason));
}

void escalation(const std::string& group, const std::string& layer, const std::string& step,
                const std::string& reason)
{
    write(escalationEntry(group, layer, step, reason));
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

} // namespace pgmd::log
