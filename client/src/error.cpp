// client::Error and the table that classifies D-Bus error names.

#include "bus_names.hpp"

#include <pgmd/client.hpp>

#include <array>
#include <utility>

namespace pgmd::client {
namespace {

constexpr std::array<std::pair<std::string_view, ErrorKind>, 23> kErrorKinds{{
    {busnames::kErrorNoSuchGroup, ErrorKind::NoSuchGroup},
    {busnames::kErrorInvalidState, ErrorKind::InvalidState},
    {busnames::kErrorNotAvailable, ErrorKind::NotAvailable},
    {busnames::kErrorStaleIncarnation, ErrorKind::StaleIncarnation},
    {busnames::kErrorInvalidArgument, ErrorKind::InvalidArgument},
    {busnames::kErrorBadConfig, ErrorKind::BadConfig},
    {busnames::kErrorLimitsExceeded, ErrorKind::LimitsExceeded},
    // Group objects are the only objects of pgmd that come and go.
    {"org.freedesktop.DBus.Error.UnknownObject", ErrorKind::NoSuchGroup},
    {"org.freedesktop.DBus.Error.InvalidArgs", ErrorKind::InvalidArgument},
    {"org.freedesktop.DBus.Error.AccessDenied", ErrorKind::AccessDenied},
    {"org.freedesktop.DBus.Error.ServiceUnknown", ErrorKind::NotRunning},
    {"org.freedesktop.DBus.Error.NameHasNoOwner", ErrorKind::NotRunning},
    {"org.freedesktop.DBus.Error.NoReply", ErrorKind::Timeout},
    {"org.freedesktop.DBus.Error.Timeout", ErrorKind::Timeout},
    {"org.freedesktop.DBus.Error.TimedOut", ErrorKind::Timeout},
    {"org.freedesktop.DBus.Error.Disconnected", ErrorKind::Disconnected},
    {"org.freedesktop.DBus.Error.NoServer", ErrorKind::Disconnected},
    {"org.freedesktop.DBus.Error.UnknownMethod", ErrorKind::Unsupported},
    {"org.freedesktop.DBus.Error.UnknownInterface", ErrorKind::Unsupported},
    {"org.freedesktop.DBus.Error.UnknownProperty", ErrorKind::Unsupported},
    {"org.freedesktop.DBus.Error.NotSupported", ErrorKind::Unsupported},
    {busnames::kErrorNoGroupName, ErrorKind::NoGroupName},
    {busnames::kErrorUsage, ErrorKind::Usage},
}};

} // namespace

ErrorKind classifyError(std::string_view name)
{
    for (const auto& [entryName, kind] : kErrorKinds)
        if (entryName == name)
            return kind;
    return ErrorKind::Other;
}

Error::Error(std::string name, std::string message)
    : std::runtime_error(name + ": " + message),
      name_(std::move(name)),
      message_(std::move(message)),
      kind_(classifyError(name_))
{
}

} // namespace pgmd::client
