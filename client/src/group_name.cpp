#include "group_name.hpp"

#include "bus_names.hpp"

#include <pgmd/client.hpp>

#include <cstdlib>
#include <memory>
#include <new>

#include <systemd/sd-bus.h>

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

std::string groupObjectPath(const std::string& name)
{
    char* encoded = nullptr;
    if (sd_bus_path_encode(busnames::kGroupPathPrefix, name.c_str(), &encoded) < 0)
        throw std::bad_alloc();  // its only failure is running out of memory
    std::unique_ptr<char, decltype(&std::free)> owner(encoded, &std::free);
    return std::string(encoded);
}

} // namespace pgmd::client
