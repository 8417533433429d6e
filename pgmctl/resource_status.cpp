#include "resource_status.hpp"

namespace pgmctl {

bool isHealthy(const ResourceStatus& resource)
{
    return resource.state == "ok";
}

} // namespace pgmctl
