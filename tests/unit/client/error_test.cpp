// Errors keep pgmd's name and message, and are classified from the name.

#include "bus_names.hpp"

#include <pgmd/client.hpp>

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace pgmd::client {
namespace {

TEST(ErrorKinds, EveryPgmdErrorHasItsOwnKind)
{
    const std::vector<std::pair<const char*, ErrorKind>> pgmdErrors{
        {"org.pgmd1.Error.NoSuchGroup", ErrorKind::NoSuchGroup},
        {"org.pgmd1.Error.InvalidState", ErrorKind::InvalidState},
        {"org.pgmd1.Error.NotAvailable", ErrorKind::NotAvailable},
        {"org.pgmd1.Error.StaleIncarnation", ErrorKind::StaleIncarnation},
        {"org.pgmd1.Error.InvalidArgument", ErrorKind::InvalidArgument},
        {"org.pgmd1.Error.BadConfig", ErrorKind::BadConfig},
        {"org.pgmd1.Error.LimitsExceeded", ErrorKind::LimitsExceeded},
    };
    for (const auto& [name, kind] : pgmdErrors)
        EXPECT_EQ(classifyError(name), kind) << name;
}

TEST(ErrorKinds, BusErrorsSayWhatHappened)
{
    const std::vector<std::pair<const char*, ErrorKind>> busErrors{
        {"org.freedesktop.DBus.Error.AccessDenied", ErrorKind::AccessDenied},
        {"org.freedesktop.DBus.Error.ServiceUnknown", ErrorKind::NotRunning},
        {"org.freedesktop.DBus.Error.NameHasNoOwner", ErrorKind::NotRunning},
        {"org.freedesktop.DBus.Error.NoReply", ErrorKind::Timeout},
        {"org.freedesktop.DBus.Error.Timeout", ErrorKind::Timeout},
        {"org.freedesktop.DBus.Error.Disconnected", ErrorKind::Disconnected},
        {"org.freedesktop.DBus.Error.UnknownMethod", ErrorKind::Unsupported},
        {"org.freedesktop.DBus.Error.UnknownProperty", ErrorKind::Unsupported},
        {"org.freedesktop.DBus.Error.InvalidArgs", ErrorKind::InvalidArgument},
        // A group object that does not exist is a group that does not.
        {"org.freedesktop.DBus.Error.UnknownObject", ErrorKind::NoSuchGroup},
    };
    for (const auto& [name, kind] : busErrors)
        EXPECT_EQ(classifyError(name), kind) << name;
}

TEST(ErrorKinds, LibraryErrorsAreNotBusErrors)
{
    EXPECT_EQ(classifyError(busnames::kErrorNoGroupName), ErrorKind::NoGroupName);
    EXPECT_EQ(classifyError(busnames::kErrorUsage), ErrorKind::Usage);
}

TEST(ErrorKinds, UnknownNamesAreOther)
{
    for (auto name : {"", "org.pgmd1.Error.SomethingNew", "org.pgmd1.Error.notavailable",
                      "org.freedesktop.DBus.Error.Failed", "org.sdbus-cpp.Error"})
        EXPECT_EQ(classifyError(name), ErrorKind::Other) << name;
}

TEST(Error, KeepsNameAndMessage)
{
    Error error("org.pgmd1.Error.StaleIncarnation", "incarnation 3 is not the current 4");
    EXPECT_EQ(error.name(), "org.pgmd1.Error.StaleIncarnation");
    EXPECT_EQ(error.message(), "incarnation 3 is not the current 4");
    EXPECT_EQ(error.kind(), ErrorKind::StaleIncarnation);
    EXPECT_STREQ(error.what(), "org.pgmd1.Error.StaleIncarnation: incarnation 3 is not the current 4");
}

} // namespace
} // namespace pgmd::client
