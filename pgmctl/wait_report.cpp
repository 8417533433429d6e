#include "wait_report.hpp"

#include "text_width.hpp"
#include "waiting_for.hpp"

#include "common/ini/timespan.hpp"

namespace pgmctl {

namespace {

std::string stateWords(const GroupStatus& g)
{
    return g.held ? g.state + " (held)" : g.state;
}

} // namespace

std::string waitFailedLine(const std::string& group, const std::string& reason)
{
    return printable(group) + ": failed: " + printable(reason);
}

std::string waitTimedOutLine(const GroupStatus& now, std::chrono::microseconds waited, const std::string& goal)
{
    std::string line = printable(now.name) + ": still " + printable(stateWords(now)) + " after " +
                       pgm::formatTimespan(waited);
    if (!now.waitingFor.empty())
        return line + "; waits for " + describeWaits(now.waitingFor);
    return line + "; not yet " + goal;
}

std::string waitInterruptedLine(const GroupStatus& now)
{
    return printable(now.name) + ": stopped waiting (still " + printable(stateWords(now)) + "); the request stands";
}

} // namespace pgmctl
