#include "command_table.hpp"

#include <array>

namespace pgmctl {

namespace {

constexpr std::array kCommands{
    CommandSpec{"list", Command::List, 0, 0, true, true, "", "List groups with their state and counters"},
    CommandSpec{"list-resources", Command::ListResources, 0, 0, true, true, "",
                "List resources with their state and last check"},
    CommandSpec{"status", Command::Status, 0, kAnyNumber, true, true, "[NAME...]",
                "Show the status of groups or resources, or of pgmd itself"},
    CommandSpec{"offline", Command::Offline, 1, kAnyNumber, false, false, "GROUP...",
                "Stop groups and keep them offline"},
    CommandSpec{"online", Command::Online, 1, kAnyNumber, false, false, "GROUP...",
                "Bring offline or held groups back"},
    CommandSpec{"restart", Command::Restart, 1, kAnyNumber, false, false, "GROUP... | GROUP UNIT...",
                "Restart groups, or members of one group; counts no fault"},
    CommandSpec{"reset-failed", Command::ResetFailed, 0, kAnyNumber, false, false, "[GROUP...]",
                "Forget restart counters and last faults (all: also reboot counters)"},
    CommandSpec{"activate", Command::Activate, 1, kAnyNumber, false, false, "GROUP...",
                "Switch standby groups to active"},
    CommandSpec{"deactivate", Command::Deactivate, 1, kAnyNumber, false, false, "GROUP...",
                "Switch active groups to standby"},
    CommandSpec{"reload", Command::Reload, 0, 0, false, false, "", "Read the configuration again and apply it"},
    CommandSpec{"check-config", Command::CheckConfig, 0, 0, true, false, "",
                "Check the configuration without applying it"},
    CommandSpec{"key", Command::Key, 1, 1, true, false, "GROUP",
                "Print the communication key of a running group"},
    CommandSpec{"watch", Command::Watch, 0, kAnyNumber, true, false, "[GROUP...]",
                "Print state changes and escalation steps as they happen"},
    CommandSpec{"icd", Command::Icd, 0, 0, true, true, "",
                "Show the link to the independent computer"},
    CommandSpec{"power-cycle", Command::PowerCycle, 0, 1, false, false, "[REASON]",
                "Have the independent computer power-cycle this host"},
    CommandSpec{"cluster", Command::Cluster, 0, 0, true, true, "",
                "Show the cluster: nodes, links, paired groups and their halves"},
    CommandSpec{"switchover", Command::Switchover, 1, 2, false, false, "GROUP [NODE]",
                "Move a paired group's active half to another node"},
};

} // namespace

std::span<const CommandSpec> commandTable()
{
    return kCommands;
}

const CommandSpec* findCommand(std::string_view name)
{
    for (const CommandSpec& spec : kCommands)
        if (spec.name == name)
            return &spec;
    return nullptr;
}

const CommandSpec& defaultCommand()
{
    return kCommands.front();
}

} // namespace pgmctl
