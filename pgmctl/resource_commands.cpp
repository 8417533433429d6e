#include "resource_commands.hpp"

#include "exit_status.hpp"
#include "resource_view.hpp"
#include "wall_clock.hpp"

#include <sdbus-c++/Error.h>

namespace pgmctl {

CommandOutcome runListResources(CommandContext& c)
{
    std::vector<ResourceStatus> resources;
    try {
        resources = c.client.resources();
    } catch (const sdbus::Error& e) {
        return {reportBusError(e, "list resources", "").exitStatus, ""};
    }
    sortResourcesForDisplay(resources);
    if (c.settings.json != JsonMode::Off) {
        Json array = Json::array();
        for (const ResourceStatus& r : resources)
            array.push_back(resourceJson(r));
        return {kExitSuccess, renderJson(array, c.settings.json)};
    }
    return {kExitSuccess, renderResourceList(resources, realtimeNowUsec(), c.settings)};
}

} // namespace pgmctl
