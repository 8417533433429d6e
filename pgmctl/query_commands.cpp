#include "query_commands.hpp"

#include "bus_names.hpp"
#include "exit_status.hpp"
#include "json_output.hpp"
#include "key_view.hpp"
#include "list_view.hpp"
#include "resource_view.hpp"
#include "status_view.hpp"
#include "text_width.hpp"
#include "wall_clock.hpp"

#include <sdbus-c++/Error.h>

#include <cstdio>
#include <optional>
#include <variant>

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

// What `status NAME` shows under one name.
using NamedStatus = std::variant<GroupStatus, ResourceStatus>;

Json statusJson(const GroupStatus& group) { return groupJson(group); }
Json statusJson(const ResourceStatus& resource) { return resourceJson(resource); }

std::string renderStatus(const GroupStatus& group, std::uint64_t now, const OutputSettings& settings)
{
    return renderGroupStatus(group, now, settings);
}

std::string renderStatus(const ResourceStatus& resource, std::uint64_t now, const OutputSettings& settings)
{
    return renderResourceStatus(resource, now, settings);
}

// Nothing when pgmd has no group of that name: it may be a resource's.
std::optional<GroupStatus> groupIfAny(PgmdClient& client, const std::string& name)
{
    try {
        return client.group(name);
    } catch (const sdbus::Error& e) {
        if (e.getName() == bus::kErrorNoSuchGroup)
            return std::nullopt;
        throw;
    }
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
    std::vector<NamedStatus> found;
    for (const std::string& name : names) {
        try {
            std::optional<GroupStatus> group = groupIfAny(c.client, name);
            std::optional<ResourceStatus> resource = c.client.resource(name);
            if (!group && !resource) {
                std::fprintf(stderr, "Group or resource %s not found.\n", printable(name).c_str());
                combineExitStatus(outcome.exitStatus, kExitNoSuchGroup);
                continue;
            }
            // A group and a resource may share a name: both are shown, the group first.
            if (group) {
                combineExitStatus(outcome.exitStatus, isRunning(*group) ? kExitSuccess : kExitNotRunning);
                found.emplace_back(std::move(*group));
            }
            if (resource) {
                combineExitStatus(outcome.exitStatus, isHealthy(*resource) ? kExitSuccess : kExitNotRunning);
                found.emplace_back(std::move(*resource));
            }
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
        Json array = Json::array();
        for (const NamedStatus& entry : found)
            array.push_back(std::visit([](const auto& status) { return statusJson(status); }, entry));
        outcome.output = renderJson(array, c.settings.json);
        return outcome;
    }
    std::uint64_t now = realtimeNowUsec();
    for (const NamedStatus& entry : found) {
        outcome.output += outcome.output.empty() ? "" : "\n";
        outcome.output +=
            std::visit([&](const auto& status) { return renderStatus(status, now, c.settings); }, entry);
    }
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
        return {kExitSuccess, renderJson(keyJson(key), c.settings.json)};
    return {kExitSuccess, keyText(key)};
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
