#include "query_commands.hpp"

#include "exit_status.hpp"
#include "json_output.hpp"
#include "list_view.hpp"
#include "status_view.hpp"
#include "text_width.hpp"
#include "wall_clock.hpp"

#include <sdbus-c++/Error.h>

#include <cstdio>

namespace pgmctl {

namespace {

Json groupsJson(const std::vector<GroupStatus>& groups)
{
    Json array = Json::array();
    for (const GroupStatus& g : groups)
        array.push_back(groupJson(g));
    return array;
}

CommandOutcome managerStatus(CommandContext& c)
{
    ManagerStatus manager;
    std::vector<GroupStatus> groups;
    try {
        manager = c.client.manager();
        groups = c.client.groups();
    } catch (const sdbus::Error& e) {
        return {reportBusError(e, "get the status of pgmd", "").exitStatus, ""};
    }
    sortForDisplay(groups);
    if (c.settings.quiet)
        return {};
    if (c.settings.json != JsonMode::Off) {
        Json out = managerJson(manager);
        out["groups"] = groupsJson(groups);
        return {kExitSuccess, renderJson(out, c.settings.json)};
    }
    return {kExitSuccess, renderManagerStatus(manager, groups, realtimeNowUsec(), c.settings)};
}

} // namespace

CommandOutcome runList(CommandContext& c)
{
    std::vector<GroupStatus> groups;
    try {
        groups = c.client.groups();
    } catch (const sdbus::Error& e) {
        return {reportBusError(e, "list groups", "").exitStatus, ""};
    }
    sortForDisplay(groups);
    if (c.settings.json != JsonMode::Off)
        return {kExitSuccess, renderJson(groupsJson(groups), c.settings.json)};
    return {kExitSuccess, renderGroupList(groups, c.settings)};
}

CommandOutcome runStatus(CommandContext& c)
{
    const std::vector<std::string>& names = c.invocation.arguments;
    if (names.empty())
        return managerStatus(c);

    CommandOutcome outcome;
    std::vector<GroupStatus> found;
    for (const std::string& name : names) {
        try {
            GroupStatus group = c.client.group(name);
            combineExitStatus(outcome.exitStatus, isRunning(group) ? kExitSuccess : kExitNotRunning);
            found.push_back(std::move(group));
        } catch (const sdbus::Error& e) {
            ReportedFailure failure = reportBusError(e, "get the status of " + name, name);
            combineExitStatus(outcome.exitStatus, failure.exitStatus);
            if (failure.stopsAll)
                return outcome;
        }
    }
    if (c.settings.quiet)
        return outcome;
    if (c.settings.json != JsonMode::Off) {
        outcome.output = renderJson(groupsJson(found), c.settings.json);
        return outcome;
    }
    std::uint64_t now = realtimeNowUsec();
    for (const GroupStatus& group : found)
        outcome.output += (outcome.output.empty() ? "" : "\n") + renderGroupStatus(group, now, c.settings);
    return outcome;
}

CommandOutcome runKey(CommandContext& c)
{
    const std::string& name = c.invocation.arguments.front();
    GroupKey key;
    try {
        key = c.client.key(name);
    } catch (const sdbus::Error& e) {
        return {reportBusError(e, "get the key of " + name, name).exitStatus, ""};
    }
    if (c.settings.quiet)
        return {};
    if (c.settings.json != JsonMode::Off)
        return {kExitSuccess, renderJson(Json{{"name", key.name}, {"incarnation", key.incarnation}}, c.settings.json)};
    return {kExitSuccess, key.name + " " + std::to_string(key.incarnation) + "\n"};
}

CommandOutcome runCheckConfig(CommandContext& c)
{
    std::vector<std::string> errors;
    try {
        errors = c.client.checkConfig();
    } catch (const sdbus::Error& e) {
        return {reportBusError(e, "check the configuration", "").exitStatus, ""};
    }
    int status = errors.empty() ? kExitSuccess : kExitFailure;
    if (c.settings.quiet)
        return {status, ""};
    if (c.settings.json != JsonMode::Off)
        return {status, renderJson(Json{{"errors", errors}}, c.settings.json)};
    // Like systemd-analyze verify: the errors on stderr, silence when valid.
    for (const std::string& error : errors)
        std::fprintf(stderr, "%s\n", printable(error).c_str());
    return {status, ""};
}

} // namespace pgmctl
