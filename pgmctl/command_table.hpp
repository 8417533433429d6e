#pragma once
// The commands pgmctl knows: their names, how many operands they take, and
// what output they make. Parsing, --help and the dispatch in main() all read
// this one table.

#include <cstddef>
#include <limits>
#include <span>
#include <string_view>

namespace pgmctl {

enum class Command {
    List,
    ListResources,
    Status,
    Offline,
    Online,
    Restart,
    ResetFailed,
    Activate,
    Deactivate,
    Reload,
    CheckConfig,
    Key,
    Watch,
    Icd,
    PowerCycle,
    Cluster,
    Switchover,
};

inline constexpr std::size_t kAnyNumber = std::numeric_limits<std::size_t>::max();

struct CommandSpec {
    std::string_view name;
    Command command;
    std::size_t minArguments;
    std::size_t maxArguments;  // kAnyNumber: no limit
    bool json;              // has --json output
    bool paged;             // output goes through the pager on a terminal
    std::string_view usage;  // the operands, for --help: "GROUP...", "[REASON]"
    std::string_view summary;
};

std::span<const CommandSpec> commandTable();

// nullptr when `name` is not a command.
const CommandSpec* findCommand(std::string_view name);

// The command run when none is named.
const CommandSpec& defaultCommand();

} // namespace pgmctl
