#include "cluster/corosync_translate.hpp"

#include <algorithm>

namespace pgmd::cluster {

MemberReason memberReasonFrom(std::uint32_t cpgReason, MemberReason fallback)
{
    switch (cpgReason) {
    case CPG_REASON_JOIN: return MemberReason::Join;
    case CPG_REASON_LEAVE: return MemberReason::Leave;
    case CPG_REASON_NODEDOWN: return MemberReason::NodeDown;
    case CPG_REASON_NODEUP: return MemberReason::NodeUp;
    case CPG_REASON_PROCDOWN: return MemberReason::ProcessDown;
    default: return fallback;
    }
}

namespace {

std::vector<MemberEvent> eventsFrom(std::span<const cpg_address> list, MemberReason fallback)
{
    std::vector<MemberEvent> events;
    events.reserve(list.size());
    for (const cpg_address& a : list)
        events.push_back({a.nodeid, a.pid, memberReasonFrom(a.reason, fallback)});
    return events;
}

} // namespace

MembershipChange membershipFrom(std::span<const cpg_address> members, std::span<const cpg_address> left,
                                std::span<const cpg_address> joined)
{
    MembershipChange change;
    std::vector<std::uint32_t> ids;
    ids.reserve(members.size());
    for (const cpg_address& a : members)
        ids.push_back(a.nodeid);
    change.members = sortedNodes(ids);
    change.joined = eventsFrom(joined, MemberReason::Join);
    change.left = eventsFrom(left, MemberReason::Leave);
    return change;
}

bool includesProcess(std::span<const cpg_address> members, NodeId node, std::uint32_t pid)
{
    return std::any_of(members.begin(), members.end(),
                       [&](const cpg_address& a) { return a.nodeid == node && a.pid == pid; });
}

std::vector<LinkState> linksFrom(const corosync_cfg_node_status_v1& status)
{
    std::vector<LinkState> links;
    for (unsigned i = 0; i < CFG_MAX_LINKS; ++i) {
        const corosync_knet_link_status_v1& l = status.link_status[i];
        if (l.enabled)
            links.push_back({status.nodeid, i, true, l.connected != 0});
    }
    return links;
}

std::vector<NodeId> sortedNodes(std::span<const std::uint32_t> nodes)
{
    std::vector<NodeId> sorted(nodes.begin(), nodes.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    return sorted;
}

std::string csErrorName(cs_error_t error)
{
    switch (error) {
    case CS_OK: return "CS_OK";
    case CS_ERR_LIBRARY: return "CS_ERR_LIBRARY";
    case CS_ERR_VERSION: return "CS_ERR_VERSION";
    case CS_ERR_INIT: return "CS_ERR_INIT";
    case CS_ERR_TIMEOUT: return "CS_ERR_TIMEOUT";
    case CS_ERR_TRY_AGAIN: return "CS_ERR_TRY_AGAIN";
    case CS_ERR_INVALID_PARAM: return "CS_ERR_INVALID_PARAM";
    case CS_ERR_NO_MEMORY: return "CS_ERR_NO_MEMORY";
    case CS_ERR_BAD_HANDLE: return "CS_ERR_BAD_HANDLE";
    case CS_ERR_BUSY: return "CS_ERR_BUSY";
    case CS_ERR_ACCESS: return "CS_ERR_ACCESS";
    case CS_ERR_NOT_EXIST: return "CS_ERR_NOT_EXIST";
    case CS_ERR_NAME_TOO_LONG: return "CS_ERR_NAME_TOO_LONG";
    case CS_ERR_EXIST: return "CS_ERR_EXIST";
    case CS_ERR_NO_SPACE: return "CS_ERR_NO_SPACE";
    case CS_ERR_INTERRUPT: return "CS_ERR_INTERRUPT";
    case CS_ERR_NAME_NOT_FOUND: return "CS_ERR_NAME_NOT_FOUND";
    case CS_ERR_NO_RESOURCES: return "CS_ERR_NO_RESOURCES";
    case CS_ERR_NOT_SUPPORTED: return "CS_ERR_NOT_SUPPORTED";
    case CS_ERR_BAD_OPERATION: return "CS_ERR_BAD_OPERATION";
    case CS_ERR_FAILED_OPERATION: return "CS_ERR_FAILED_OPERATION";
    case CS_ERR_MESSAGE_ERROR: return "CS_ERR_MESSAGE_ERROR";
    case CS_ERR_QUEUE_FULL: return "CS_ERR_QUEUE_FULL";
    case CS_ERR_QUEUE_NOT_AVAILABLE: return "CS_ERR_QUEUE_NOT_AVAILABLE";
    case CS_ERR_BAD_FLAGS: return "CS_ERR_BAD_FLAGS";
    case CS_ERR_TOO_BIG: return "CS_ERR_TOO_BIG";
    case CS_ERR_NO_SECTIONS: return "CS_ERR_NO_SECTIONS";
    case CS_ERR_CONTEXT_NOT_FOUND: return "CS_ERR_CONTEXT_NOT_FOUND";
    case CS_ERR_TOO_MANY_GROUPS: return "CS_ERR_TOO_MANY_GROUPS";
    case CS_ERR_SECURITY: return "CS_ERR_SECURITY";
    default: return "CS_ERR_" + std::to_string(static_cast<int>(error));
    }
}

} // namespace pgmd::cluster
