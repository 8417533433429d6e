#include "help_text.hpp"

#include "command_table.hpp"

#include <algorithm>

namespace pgmctl {

namespace {

constexpr const char* kIntroduction =
    "pgmctl [OPTIONS...] [COMMAND] [NAME...]\n"
    "\n"
    "Query and control pgmd, the process group manager.\n"
    "\n"
    "Commands:\n";

constexpr const char* kOptions =
    "\n"
    "Options:\n"
    "  -h --help            Show this help\n"
    "     --version         Show the version\n"
    "     --no-pager        Do not pipe output into a pager\n"
    "     --no-legend       Do not print the table header and footer\n"
    "     --no-color        Do not colour the output\n"
    "  -q --quiet           Print only errors; the exit status answers\n"
    "     --force           Power-cycle without asking first\n"
    "     --json[=MODE]     Print JSON: short (one line, the default) or pretty\n"
    "  -l --full            Do not leave out or cut columns to fit the terminal\n"
    "     --no-block        Do not wait for online, offline, restart, activate,\n"
    "                       deactivate and switchover to take effect\n"
    "     --timeout=SPAN    Wait at most this long (default: the group's\n"
    "                       activation timeout and 15s; 0: no limit)\n"
    "     --exit-on-disconnect\n"
    "                       Let watch end when pgmd leaves the bus\n"
    "\n"
    "Without a command, pgmctl lists the groups. See pgmctl(1) for more.\n";

std::string commandUsage(const CommandSpec& spec)
{
    std::string usage(spec.name);
    if (!spec.usage.empty())
        usage += " " + std::string(spec.usage);
    return usage;
}

} // namespace

std::string helpText()
{
    std::size_t width = 0;
    for (const CommandSpec& spec : commandTable())
        width = std::max(width, commandUsage(spec).size());

    std::string text = kIntroduction;
    for (const CommandSpec& spec : commandTable()) {
        std::string usage = commandUsage(spec);
        text += "  " + usage + std::string(width - usage.size() + 2, ' ') + std::string(spec.summary) + "\n";
    }
    text += kOptions;
    return text;
}

} // namespace pgmctl
