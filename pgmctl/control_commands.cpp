#include "control_commands.hpp"

#include "exit_status.hpp"
#include "waiting_for.hpp"

#include <sdbus-c++/Error.h>

#include <algorithm>
#include <array>
#include <iostream>
#include <optional>
#include <span>
#include <stdexcept>
#include <string_view>

namespace pgmctl {

namespace {

struct GroupAction {
    Command command;
    GroupMethod method;
    // "Failed to <before><group><after>: ..."
    std::string_view before;
    std::string_view after;
};

constexpr std::array kGroupActions{
    GroupAction{Command::Offline, GroupMethod::Offline, "take ", " offline"},
    GroupAction{Command::Online, GroupMethod::Online, "bring ", " online"},
    GroupAction{Command::Restart, GroupMethod::Restart, "restart ", ""},
    GroupAction{Command::ResetFailed, GroupMethod::ResetFailed, "reset the failed state of ", ""},
    GroupAction{Command::Activate, GroupMethod::Activate, "activate ", ""},
    GroupAction{Command::Deactivate, GroupMethod::Deactivate, "deactivate ", ""},
};

const GroupAction& actionFor(Command command)
{
    for (const GroupAction& a : kGroupActions)
        if (a.command == command)
            return a;
    throw std::logic_error("command without an entry in kGroupActions");
}

// pgmd answers a repeated offline, or online of a group in service, with
// success and does nothing (as systemctl stop of a stopped unit); pgmctl
// says so. The state is read before the call: it only chooses the words.
std::optional<std::string> alreadyThere(CommandContext& c, Command command, const std::string& group)
{
    if (command != Command::Offline && command != Command::Online)
        return std::nullopt;
    GroupStatus status;
    try {
        status = c.client.group(group);
    } catch (const sdbus::Error&) {
        return std::nullopt;  // the call itself reports what is wrong
    }
    if (command == Command::Offline && status.state == "offline")
        return group + ": already offline";
    if (command == Command::Online && status.state != "offline" && !status.held)
        return group + ": already online (" + status.state + ")";
    return std::nullopt;
}

// pgmd accepts online and restart of a group that cannot start yet (the
// request stands until it can): the operator is told what it waits for.
std::optional<std::string> whatBlocks(CommandContext& c, Command command, const std::string& group)
{
    if (command != Command::Online && command != Command::Restart)
        return std::nullopt;
    try {
        return describeWaitingFor(group, command == Command::Online ? "online" : "restart",
                                  c.client.group(group).waitingFor);
    } catch (const sdbus::Error&) {
        return std::nullopt;  // the request itself succeeded
    }
}

CommandOutcome resetFailedAll(CommandContext& c)
{
    try {
        c.client.resetFailedAll();
    } catch (const sdbus::Error& e) {
        return {reportBusError(e, "reset the failed state", "").exitStatus, ""};
    }
    return {};
}

} // namespace

CommandOutcome runGroupAction(CommandContext& c)
{
    const GroupAction& action = actionFor(c.invocation.command->command);
    if (action.command == Command::ResetFailed && c.invocation.arguments.empty())
        return resetFailedAll(c);

    CommandOutcome outcome;
    for (const std::string& group : c.invocation.arguments) {
        try {
            const std::optional<std::string> note = alreadyThere(c, action.command, group);
            c.client.callGroup(group, action.method);
            if (note && !c.settings.quiet)
                outcome.output += *note + "\n";
            if (auto blocked = c.settings.quiet ? std::nullopt : whatBlocks(c, action.command, group))
                outcome.output += *blocked + "\n";
        } catch (const sdbus::Error& e) {
            std::string what = std::string(action.before) + group + std::string(action.after);
            ReportedFailure failure = reportBusError(e, what, group);
            combineExitStatus(outcome.exitStatus, failure.exitStatus);
            if (failure.stopsAll)
                break;
        }
    }
    return outcome;
}

// "restart GROUP UNIT..." restarts members of one group; "restart GROUP..."
// whole groups. Group names may contain dots, so the group's own member
// list decides which of the two is meant.
CommandOutcome runRestart(CommandContext& c)
{
    const std::vector<std::string>& args = c.invocation.arguments;
    if (args.size() < 2)
        return runGroupAction(c);
    std::vector<std::string> units;
    try {
        units = c.client.group(args.front()).units;
    } catch (const sdbus::Error&) {
        return runGroupAction(c);  // reports the first group's problem, and the others
    }
    const auto isMember = [&](const std::string& a) { return std::find(units.begin(), units.end(), a) != units.end(); };
    const auto rest = std::span(args).subspan(1);
    const auto members = std::count_if(rest.begin(), rest.end(), isMember);
    if (members == 0)
        return runGroupAction(c);
    if (static_cast<std::size_t>(members) != rest.size()) {
        for (const std::string& a : rest)
            if (!isMember(a))
                std::cerr << "pgmctl: " << a << " is not a member of " << args.front()
                          << "; restart takes groups, or one group followed by members of it\n";
        return {kExitUsage, ""};
    }
    CommandOutcome outcome;
    for (const std::string& unit : rest) {
        try {
            c.client.restartMember(args.front(), unit);
        } catch (const sdbus::Error& e) {
            ReportedFailure failure = reportBusError(e, "restart " + unit + " of " + args.front(), args.front());
            combineExitStatus(outcome.exitStatus, failure.exitStatus);
            if (failure.stopsAll)
                break;
        }
    }
    return outcome;
}

CommandOutcome runReload(CommandContext& c)
{
    try {
        c.client.reload();
    } catch (const sdbus::Error& e) {
        // BadConfig carries the configuration's errors, one per line.
        return {reportBusError(e, "reload the configuration", "").exitStatus, ""};
    }
    return {kExitSuccess, ""};
}

} // namespace pgmctl
