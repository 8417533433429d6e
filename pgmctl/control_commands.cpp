#include "control_commands.hpp"

#include "exit_status.hpp"
#include "result_wait.hpp"
#include "waiting_for.hpp"

#include <sdbus-c++/Error.h>

#include <algorithm>
#include <array>
#include <iostream>
#include <memory>
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
    // What the command waits for; nullptr: it returns once pgmd accepted it.
    WaitGoal (*goal)();
};

constexpr std::array kGroupActions{
    GroupAction{Command::Offline, GroupMethod::Offline, "take ", " offline", offlineGoal},
    GroupAction{Command::Online, GroupMethod::Online, "bring ", " online", onlineGoal},
    GroupAction{Command::Restart, GroupMethod::Restart, "restart ", "", restartGoal},
    GroupAction{Command::ResetFailed, GroupMethod::ResetFailed, "reset the failed state of ", "", nullptr},
    GroupAction{Command::Activate, GroupMethod::Activate, "activate ", "", activateGoal},
    GroupAction{Command::Deactivate, GroupMethod::Deactivate, "deactivate ", "", deactivateGoal},
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
// says so, and has nothing to wait for. The state is read before the call.
std::optional<std::string> alreadyThere(Command command, const GroupStatus& status)
{
    if (command == Command::Offline && status.state == "offline")
        return status.name + ": already offline";
    if (command == Command::Online && status.state != "offline" && !status.held)
        return status.name + ": already online (" + status.state + ")";
    return std::nullopt;
}

// The waiting part of a command, or nothing with --no-block.
std::unique_ptr<ResultWait> resultWait(CommandContext& c, bool waits)
{
    if (!waits || c.invocation.options.noBlock)
        return nullptr;
    return std::make_unique<ResultWait>(c.connection, c.client, c.invocation.options.timeout);
}

// Prepares the wait for `group` before its call; nullptr without a wait.
// Also reads the group for alreadyThere(): the call itself reports a group
// that cannot be read, so a failure here is left for it to say.
WaitedGroup* prepareWait(ResultWait* wait, const std::string& group)
{
    if (wait == nullptr)
        return nullptr;
    try {
        return &wait->prepare(group);
    } catch (const sdbus::Error&) {
        return nullptr;
    }
}

std::optional<GroupStatus> groupBefore(CommandContext& c, WaitedGroup* waited, const std::string& group)
{
    if (waited != nullptr)
        return waited->before();
    try {
        return c.client.group(group);
    } catch (const sdbus::Error&) {
        return std::nullopt;
    }
}

int finishWaiting(ResultWait* wait, int exitStatus)
{
    if (wait != nullptr)
        combineExitStatus(exitStatus, wait->run());
    return exitStatus;
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

    std::unique_ptr<ResultWait> wait = resultWait(c, action.goal != nullptr);
    CommandOutcome outcome;
    for (const std::string& group : c.invocation.arguments) {
        try {
            WaitedGroup* waited = prepareWait(wait.get(), group);
            std::optional<std::string> note;
            if (action.command == Command::Offline || action.command == Command::Online)
                if (std::optional<GroupStatus> before = groupBefore(c, waited, group))
                    note = alreadyThere(action.command, *before);
            c.client.callGroup(group, action.method);
            if (note && !c.settings.quiet)
                outcome.output += *note + "\n";
            if (auto blocked = c.settings.quiet || note ? std::nullopt : whatBlocks(c, action.command, group)) {
                // While waiting, said at once: the wait may last the whole timeout.
                if (waited != nullptr)
                    std::cerr << *blocked << '\n';
                else
                    outcome.output += *blocked + "\n";
            }
            if (waited != nullptr && !note)
                wait->expect(*waited, action.goal());
        } catch (const sdbus::Error& e) {
            std::string what = std::string(action.before) + group + std::string(action.after);
            ReportedFailure failure = reportBusError(e, what, group);
            combineExitStatus(outcome.exitStatus, failure.exitStatus);
            if (failure.stopsAll)
                break;
        }
    }
    outcome.exitStatus = finishWaiting(wait.get(), outcome.exitStatus);
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
    std::unique_ptr<ResultWait> wait = resultWait(c, true);
    CommandOutcome outcome;
    for (const std::string& unit : rest) {
        try {
            WaitedGroup* waited = prepareWait(wait.get(), args.front());
            c.client.restartMember(args.front(), unit);
            if (waited != nullptr)
                wait->expect(*waited, memberRestartGoal(unit));
        } catch (const sdbus::Error& e) {
            ReportedFailure failure = reportBusError(e, "restart " + unit + " of " + args.front(), args.front());
            combineExitStatus(outcome.exitStatus, failure.exitStatus);
            if (failure.stopsAll)
                break;
        }
    }
    outcome.exitStatus = finishWaiting(wait.get(), outcome.exitStatus);
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
