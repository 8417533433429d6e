#include "bus_errors.hpp"

#include "bus_names.hpp"

#include <array>
#include <sdbus-c++/Error.h>
#include <utility>

namespace pgmd {

namespace {

constexpr std::array<std::pair<OpError, const char*>, 8> kErrorNames{{
    {OpError::NoSuchGroup, busnames::kErrorNoSuchGroup},
    {OpError::InvalidState, busnames::kErrorInvalidState},
    {OpError::NotAvailable, busnames::kErrorNotAvailable},
    {OpError::StaleIncarnation, busnames::kErrorStaleIncarnation},
    {OpError::InvalidArgument, busnames::kErrorInvalidArgument},
    {OpError::BadConfig, busnames::kErrorBadConfig},
    {OpError::NotPaired, busnames::kErrorNotPaired},
    {OpError::PairDefinitionMismatch, busnames::kErrorPairDefinitionMismatch},
}};

} // namespace

const char* errorNameOf(OpError error)
{
    for (const auto& [value, name] : kErrorNames)
        if (value == error)
            return name;
    // A value outside the table is a refusal of unknown kind: never a success.
    return error == OpError::None ? nullptr : busnames::kErrorInvalidState;
}

void throwIfFailed(const OpResult& result)
{
    if (const char* name = errorNameOf(result.error))
        throw sdbus::Error(name, result.message);
}

void throwNoSuchGroup(const std::string& name)
{
    throw sdbus::Error(busnames::kErrorNoSuchGroup, "No group named '" + name + "'");
}

void throwNoSuchResource(const std::string& name)
{
    throw sdbus::Error(busnames::kErrorNoSuchResource, "No resource named '" + name + "'");
}

void throwInvalidArgument(const std::string& message)
{
    throw sdbus::Error(busnames::kErrorInvalidArgument, message);
}

void throwLimitsExceeded(const std::string& message)
{
    throw sdbus::Error(busnames::kErrorLimitsExceeded, message);
}

void throwAccessDenied(const std::string& message)
{
    throw sdbus::Error(busnames::kErrorAccessDenied, message);
}

} // namespace pgmd
