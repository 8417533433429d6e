#include "group_status.hpp"

namespace pgmctl {

bool isRunning(const GroupStatus& group)
{
    return group.state == "active" || group.state == "standby";
}

} // namespace pgmctl
