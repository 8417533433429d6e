#include "wait_report.hpp"

#include "text_width.hpp"

#include "common/ini/timespan.hpp"

#include <sdbus-c++/Types.h>

namespace pgmctl {

namespace {

using WaitingForTuple = sdbus::Struct<std::string, std::string, std::string>;

std::string stateWords(const GroupStatus& g)
{
    return g.held ? g.state + " (held)" : g.state;
}

} // namespace

std::vector<WaitingForItem> decodeWaitingFor(const PropertyMap& properties)
{
    std::vector<WaitingForItem> items;
    auto it = properties.find("WaitingFor");
    // Of another type it is not the property this pgmctl knows: leave it out
    // rather than fail a command that has otherwise worked.
    if (it == properties.end() || !it->second.containsValueOfType<std::vector<WaitingForTuple>>())
        return items;
    for (const WaitingForTuple& t : it->second.get<std::vector<WaitingForTuple>>())
        items.push_back({std::get<0>(t), std::get<1>(t), std::get<2>(t)});
    return items;
}

std::string describeWaitingFor(const std::vector<WaitingForItem>& items)
{
    std::string text;
    for (const WaitingForItem& item : items) {
        if (!text.empty())
            text += ", ";
        text += printable(item.kind) + " " + printable(item.name);
        if (!item.detail.empty())
            text += " (" + printable(item.detail) + ")";
    }
    return text;
}

std::string waitFailedLine(const std::string& group, const std::string& reason)
{
    return printable(group) + ": failed: " + printable(reason);
}

std::string waitTimedOutLine(const GroupStatus& now, const std::vector<WaitingForItem>& waitingFor,
                             std::chrono::microseconds waited, const std::string& goal)
{
    std::string line = printable(now.name) + ": still " + printable(stateWords(now)) + " after " +
                       pgm::formatTimespan(waited);
    if (!waitingFor.empty())
        return line + "; waits for " + describeWaitingFor(waitingFor);
    return line + "; not yet " + goal;
}

std::string waitInterruptedLine(const GroupStatus& now)
{
    return printable(now.name) + ": stopped waiting (still " + printable(stateWords(now)) + "); the request stands";
}

} // namespace pgmctl
