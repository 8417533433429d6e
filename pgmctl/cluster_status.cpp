#include "cluster_status.hpp"

namespace pgmctl {

std::string nodeNameOf(const ClusterStatus& cluster, std::uint32_t id)
{
    for (const ClusterNode& n : cluster.nodes)
        if (n.id == id && id != 0)
            return n.name;
    return {};
}

} // namespace pgmctl
