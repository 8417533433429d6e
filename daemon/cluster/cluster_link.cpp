#include "cluster/cluster_link.hpp"

namespace pgmd::cluster {

const char* toString(LossReason reason)
{
    switch (reason) {
    case LossReason::Unreachable: return "unreachable";
    case LossReason::Evicted: return "evicted";
    case LossReason::Refused: return "refused";
    }
    return "?";
}

} // namespace pgmd::cluster
