#pragma once
// `pgmctl cluster`: this node's place in the cluster in the long form
// `status` uses, then one table per part of org.pgmd1.Cluster (nodes, links,
// pairs, frozen pairs, halves), as `crm_mon` shows a cluster at a glance.

#include "cluster_status.hpp"
#include "output_settings.hpp"
#include "terminal_style.hpp"

#include <string>

namespace pgmctl {

// Good while decisions are taken (connected, quorate, synced); Warning while
// connecting or syncing; Bad when evicted or without quorum.
Tone clusterTone(const ClusterStatus& cluster);

std::string renderClusterStatus(const ClusterStatus& cluster, const OutputSettings& settings);

} // namespace pgmctl
