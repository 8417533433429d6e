#include "pgmd_bus_names.hpp"

#include <cstdlib>
#include <memory>
#include <new>

#include <systemd/sd-bus.h>

namespace pgmd::busnames {

namespace {

std::string encodedPath(const char* prefix, const std::string& name)
{
    char* encoded = nullptr;
    if (sd_bus_path_encode(prefix, name.c_str(), &encoded) < 0)
        throw std::bad_alloc();  // its only failure is running out of memory
    std::unique_ptr<char, decltype(&std::free)> owner(encoded, &std::free);
    return std::string(encoded);
}

} // namespace

std::string groupObjectPath(const std::string& name)
{
    return encodedPath(kGroupPathPrefix, name);
}

std::string resourceObjectPath(const std::string& name)
{
    return encodedPath(kResourcePathPrefix, name);
}

} // namespace pgmd::busnames
