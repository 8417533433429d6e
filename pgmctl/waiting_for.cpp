#include "waiting_for.hpp"

#include "text_width.hpp"

namespace pgmctl {

// The names and details come from pgmd, which may quote hostile text (a
// resource's error output): they are made printable here.
std::string describeWaits(const std::vector<WaitStatus>& waits)
{
    std::string text;
    for (const WaitStatus& w : waits) {
        if (!text.empty())
            text += ", ";
        text += printable(w.kind);
        if (!w.name.empty())
            text += " " + printable(w.name);
        if (!w.detail.empty())
            text += " (" + printable(w.detail) + ")";
    }
    return text;
}

std::optional<std::string> describeWaitingFor(const std::string& group, std::string_view request,
                                              const std::vector<WaitStatus>& waits)
{
    if (waits.empty())
        return std::nullopt;
    return printable(group) + ": " + std::string(request) + " requested; waits for " + describeWaits(waits);
}

} // namespace pgmctl
