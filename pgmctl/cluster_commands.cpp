#include "cluster_commands.hpp"

#include "cluster_view.hpp"
#include "exit_status.hpp"
#include "json_output.hpp"
#include "result_wait.hpp"

#include <sdbus-c++/Error.h>

#include <memory>

namespace pgmctl {

namespace {

bool isConnectedAndQuorate(const ClusterStatus& cluster)
{
    return cluster.connection == "connected" && cluster.quorate;
}

// The wait prepared before the call: subscribed to the group's changes and
// the pair's signals, so that none the call causes goes unseen.
struct PreparedWait {
    std::unique_ptr<ResultWait> wait;
    WaitedGroup* group = nullptr;
    std::string localNode;
};

// Reads the cluster first: without one, that is what the operator is told.
// A group that cannot be read is left for the call to report.
std::optional<int> prepareSwitchoverWait(CommandContext& c, const std::string& group, const std::string& action,
                                         PreparedWait& out)
{
    try {
        out.localNode = c.client.cluster().localNode;
    } catch (const sdbus::Error& e) {
        return reportClusterBusError(e, action, group).exitStatus;
    }
    out.wait = std::make_unique<ResultWait>(c.connection, c.client, c.invocation.options.timeout);
    try {
        out.group = &out.wait->prepare(group);
        out.group->followPair(c.connection);
    } catch (const sdbus::Error&) {
        out.group = nullptr;
    }
    return std::nullopt;
}

} // namespace

CommandOutcome runCluster(CommandContext& c)
{
    ClusterStatus cluster;
    try {
        cluster = c.client.cluster();
    } catch (const sdbus::Error& e) {
        return {reportClusterBusError(e, "get the status of the cluster", "").exitStatus, ""};
    }
    int status = isConnectedAndQuorate(cluster) ? kExitSuccess : kExitNotRunning;
    if (c.settings.quiet)
        return {status, ""};
    if (c.settings.json != JsonMode::Off)
        return {status, renderJson(clusterJson(cluster), c.settings.json)};
    return {status, renderClusterStatus(cluster, c.settings)};
}

CommandOutcome runSwitchover(CommandContext& c)
{
    const std::vector<std::string>& args = c.invocation.arguments;
    const std::string& group = args.front();
    const std::string node = args.size() > 1 ? args[1] : std::string();
    const std::string action = "switch " + group + " over" + (node.empty() ? "" : " to " + node);

    PreparedWait prepared;
    if (!c.invocation.options.noBlock)
        if (std::optional<int> failed = prepareSwitchoverWait(c, group, action, prepared))
            return {*failed, ""};
    try {
        c.client.switchover(group, node);
    } catch (const sdbus::Error& e) {
        return {reportClusterBusError(e, action, group).exitStatus, ""};
    }
    if (prepared.group == nullptr)
        return {kExitSuccess, ""};
    prepared.wait->expect(*prepared.group, switchoverGoal(prepared.localNode, node, prepared.group->before()));
    return {prepared.wait->run(), ""};
}

} // namespace pgmctl
