#pragma once
// pgmctl's arguments: global options anywhere on the line (getopt_long
// permutes), then a command and its operands (groups, or a reason).

#include "command_table.hpp"
#include "output_settings.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pgmctl {

struct GlobalOptions {
    bool noPager = false;
    bool noLegend = false;
    bool noColor = false;
    bool quiet = false;
    // Do what cannot be taken back (power-cycle) without asking.
    bool force = false;
    JsonMode json = JsonMode::Off;
    // list: every column, nothing cut, whatever the terminal's width.
    bool full = false;
    // online, offline, restart, activate, deactivate: return once pgmd has
    // accepted the request instead of waiting for its result.
    bool noBlock = false;
    // How long to wait for the result; nullopt: each group's default.
    std::optional<std::chrono::microseconds> timeout;
    // watch: end (non-zero) when pgmd leaves the bus instead of waiting for it.
    bool exitOnDisconnect = false;
};

struct Invocation {
    GlobalOptions options;
    const CommandSpec* command = nullptr;
    // The words after the command: group names for most commands, the
    // reason for power-cycle.
    std::vector<std::string> arguments;
};

enum class InfoRequest { Help, Version };

// A mistake on the command line; main() prints it and exits with kExitUsage.
struct UsageError {
    std::string message;
};

using ParsedCommandLine = std::variant<Invocation, InfoRequest, UsageError>;

// `words` is the whole argv, program name first.
ParsedCommandLine parseCommandLine(const std::vector<std::string>& words);

} // namespace pgmctl
