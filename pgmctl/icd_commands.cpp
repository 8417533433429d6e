#include "icd_commands.hpp"

#include "exit_status.hpp"
#include "icd_view.hpp"
#include "json_output.hpp"
#include "wall_clock.hpp"

#include <sdbus-c++/Error.h>

namespace pgmctl {

namespace {

// Recorded in pgmd's journal as "operator request: operator".
constexpr const char* kDefaultReason = "operator";

} // namespace

CommandOutcome runIcd(CommandContext& c)
{
    IcdStatus icd;
    try {
        icd = c.client.icd();
    } catch (const sdbus::Error& e) {
        return {reportIcdBusError(e, "get the status of the independent computer").exitStatus, ""};
    }
    int status = isLinkUp(icd) ? kExitSuccess : kExitNotRunning;
    if (c.settings.quiet)
        return {status, ""};
    if (c.settings.json != JsonMode::Off)
        return {status, renderJson(icdJson(icd), c.settings.json)};
    return {status, renderIcdStatus(icd, realtimeNowUsec(), c.settings)};
}

CommandOutcome runPowerCycle(CommandContext& c)
{
    const std::vector<std::string>& arguments = c.invocation.arguments;
    std::string reason = arguments.empty() ? kDefaultReason : arguments.front();
    try {
        c.client.requestPowerCycle(reason);
    } catch (const sdbus::Error& e) {
        return {reportIcdBusError(e, "request a power cycle").exitStatus, ""};
    }
    return {kExitSuccess, ""};
}

} // namespace pgmctl
