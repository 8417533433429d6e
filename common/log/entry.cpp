#include "entry.hpp"

namespace pgm::log {

Entry plainEntry(int priority, const std::string& msg)
{
    Entry e;
    e.priority = priority;
    e.message = msg;
    return e;
}

std::string stderrLine(const Entry& e)
{
    // Only what is worse than usual is marked; the rest reads like a journal line.
    if (e.priority <= LOG_ERR)
        return "error: " + e.message;
    if (e.priority == LOG_WARNING)
        return "warning: " + e.message;
    return e.message;
}

} // namespace pgm::log
