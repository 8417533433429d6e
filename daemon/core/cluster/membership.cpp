#include "membership.hpp"

namespace pgmd::cluster {

const char* toString(MemberReason r)
{
    switch (r) {
    case MemberReason::Join: return "join";
    case MemberReason::Leave: return "leave";
    case MemberReason::NodeDown: return "node-down";
    case MemberReason::NodeUp: return "node-up";
    case MemberReason::ProcessDown: return "process-down";
    }
    return "?";
}

} // namespace pgmd::cluster
