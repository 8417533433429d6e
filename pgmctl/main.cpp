// pgmctl: parse the command line, connect to the system bus, run one
// command, and print its output (through a pager on a terminal).

#include "bus_failure.hpp"
#include "cluster_commands.hpp"
#include "command_context.hpp"
#include "command_line.hpp"
#include "control_commands.hpp"
#include "exit_status.hpp"
#include "help_text.hpp"
#include "icd_commands.hpp"
#include "pager_choice.hpp"
#include "pager_process.hpp"
#include "query_commands.hpp"
#include "resource_commands.hpp"
#include "terminal.hpp"
#include "watch_command.hpp"

#include <array>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <stdexcept>

namespace pgmctl {
namespace {

using Handler = CommandOutcome (*)(CommandContext&);

struct Dispatch {
    Command command;
    Handler handler;
};

constexpr std::array kDispatch{
    Dispatch{Command::List, runList},
    Dispatch{Command::ListResources, runListResources},
    Dispatch{Command::Status, runStatus},
    Dispatch{Command::Offline, runGroupAction},
    Dispatch{Command::Online, runGroupAction},
    Dispatch{Command::Restart, runRestart},
    Dispatch{Command::ResetFailed, runGroupAction},
    Dispatch{Command::Activate, runGroupAction},
    Dispatch{Command::Deactivate, runGroupAction},
    Dispatch{Command::Reload, runReload},
    Dispatch{Command::CheckConfig, runCheckConfig},
    Dispatch{Command::Key, runKey},
    Dispatch{Command::Watch, runWatch},
    Dispatch{Command::Icd, runIcd},
    Dispatch{Command::PowerCycle, runPowerCycle},
    Dispatch{Command::Cluster, runCluster},
    Dispatch{Command::Switchover, runSwitchover},
};

Handler handlerFor(Command command)
{
    for (const Dispatch& d : kDispatch)
        if (d.command == command)
            return d.handler;
    throw std::logic_error("command without an entry in kDispatch");
}

void writeOut(const std::string& text)
{
    std::fwrite(text.data(), 1, text.size(), stdout);
}

// On a terminal, unless told otherwise, long output goes through a pager.
void emit(const std::string& output, const Invocation& invocation)
{
    std::unique_ptr<PagerProcess> pager;
    if (invocation.command->paged && !invocation.options.noPager && stdoutIsTerminal())
        if (auto argv = choosePager({std::getenv("SYSTEMD_PAGER"), std::getenv("PAGER")}))
            pager = PagerProcess::start(*argv);
    writeOut(output);
}

int run(const Invocation& invocation)
{
    OutputSettings settings = detectOutputSettings(invocation.options);
    std::unique_ptr<sdbus::IConnection> connection;
    try {
        connection = connectSystemBus();
    } catch (const BusUnreachable& e) {
        std::fprintf(stderr, "%s\n", noSystemBusMessage(e.reason).c_str());
        return kExitFailure;
    }
    PgmdClient client(*connection);
    CommandContext context{*connection, client, invocation, settings};
    CommandOutcome outcome = handlerFor(invocation.command->command)(context);
    if (!outcome.output.empty())
        emit(outcome.output, invocation);
    return outcome.exitStatus;
}

int runParsed(const ParsedCommandLine& parsed)
{
    if (const auto* error = std::get_if<UsageError>(&parsed)) {
        std::fprintf(stderr, "%s\nTry 'pgmctl --help' for more information.\n", error->message.c_str());
        return kExitUsage;
    }
    if (const auto* info = std::get_if<InfoRequest>(&parsed)) {
        writeOut(*info == InfoRequest::Help ? helpText() : std::string("pgmctl ") + PGMD_VERSION + "\n");
        return kExitSuccess;
    }
    return run(std::get<Invocation>(parsed));
}

} // namespace
} // namespace pgmctl

int main(int argc, char* argv[])
{
    std::setlocale(LC_ALL, "");
    try {
        return pgmctl::runParsed(pgmctl::parseCommandLine(std::vector<std::string>(argv, argv + argc)));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pgmctl: %s\n", e.what());
        return pgmctl::kExitFailure;
    }
}
