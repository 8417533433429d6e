#pragma once
// The commands pgmctl knows: their names, how many groups they take, and
// what output they make. Parsing, --help and the dispatch in main() all read
// this one table.

#include <cstddef>
#include <limits>
#include <span>
#include <string_view>

namespace pgmctl {

enum class Command {
    List,
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
};

inline constexpr std::size_t kAnyNumber = std::numeric_limits<std::size_t>::max();

struct CommandSpec {
    std::string_view name;
    Command command;
    std::size_t minGroups;
    std::size_t maxGroups;  // kAnyNumber: no limit
    bool json;              // has --json output
    bool paged;             // output goes through the pager on a terminal
    std::string_view arguments;  // for --help, e.g. "GROUP..."
    std::string_view summary;
};

std::span<const CommandSpec> commandTable();

// nullptr when `name` is not a command.
const CommandSpec* findCommand(std::string_view name);

// The command run when none is named.
const CommandSpec& defaultCommand();

} // namespace pgmctl
