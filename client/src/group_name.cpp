#include "group_name.hpp"

#include "bus_names.hpp"

#include <pgmd/client.hpp>

namespace pgmd::client {

std::string resolveGroupName(const std::string& given, const char* environmentValue)
{
    if (!given.empty())
        return given;
    if (environmentValue != nullptr && *environmentValue != '\0')
        return environmentValue;
    throw Error(busnames::kErrorNoGroupName,
                std::string("no group name given and ") + busnames::kGroupEnvironmentVariable +
                    " is not set (pgmd sets it for the members of a group)");
}

} // namespace pgmd::client
