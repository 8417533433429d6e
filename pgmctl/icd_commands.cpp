#include "icd_commands.hpp"

#include "confirmation.hpp"
#include "exit_status.hpp"
#include "icd_view.hpp"
#include "json_output.hpp"
#include "terminal.hpp"
#include "wall_clock.hpp"

#include <sdbus-c++/Error.h>

#include <cstdio>
#include <unistd.h>

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
    const bool interactive = isatty(STDIN_FILENO) == 1 && stdoutIsTerminal();
    switch (confirmationFor(c.invocation.options.force, interactive)) {
    case Confirmation::Go: break;
    case Confirmation::Ask:
        if (!askOnTerminal("Power-cycle this host now (reason: \"" + reason +
                           "\")? Every group on it stops at once.")) {
            std::fprintf(stderr, "Not power-cycled.\n");
            return {kExitFailure, ""};
        }
        break;
    case Confirmation::Refuse:
        std::fprintf(stderr, "pgmctl: power-cycle switches this host off and on at once, stopping every group; "
                             "not on a terminal, it needs --force.\n");
        return {kExitFailure, ""};
    }
    try {
        c.client.requestPowerCycle(reason);
    } catch (const sdbus::Error& e) {
        return {reportIcdBusError(e, "request a power cycle").exitStatus, ""};
    }
    return {kExitSuccess, ""};
}

} // namespace pgmctl
