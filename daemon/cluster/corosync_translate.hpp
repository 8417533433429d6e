#pragma once
// corosync's C structures into the plain values of core/cluster: pure
// functions, so that the translation is tested without a corosync.

#include "core/cluster/membership.hpp"

#include <corosync/cfg.h>
#include <corosync/corotypes.h>
#include <corosync/cpg.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pgmd::cluster {

// CPG_REASON_*; an undefined or unknown reason becomes `fallback` (corosync
// sends CPG_REASON_UNDEFINED only for entries of the member list).
MemberReason memberReasonFrom(std::uint32_t cpgReason, MemberReason fallback);

// One cpg_confchg callback's lists.
MembershipChange membershipFrom(std::span<const cpg_address> members, std::span<const cpg_address> left,
                                std::span<const cpg_address> joined);

// Whether the process (node, pid) is in a confchg's member list: a change
// without it means this process was evicted from its own group.
bool includesProcess(std::span<const cpg_address> members, NodeId node, std::uint32_t pid);

// The enabled links of one node as corosync_cfg_node_status_get reports them.
std::vector<LinkState> linksFrom(const corosync_cfg_node_status_v1& status);

// Node ids sorted, without repeats.
std::vector<NodeId> sortedNodes(std::span<const std::uint32_t> nodes);

// "CS_ERR_TRY_AGAIN" and so on, for what the link reports.
std::string csErrorName(cs_error_t error);

} // namespace pgmd::cluster
