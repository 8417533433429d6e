#include "bus_failure.hpp"

#include "exit_status.hpp"

#include <gtest/gtest.h>

namespace pgmctl {
namespace {

std::string lineFor(const std::string& name, const std::string& message, const std::string& group,
                    const std::string& action)
{
    return failureLine(classifyBusError(name, message, group), action);
}

TEST(BusFailure, PgmdNotOnTheBus)
{
    for (const char* name : {"org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner"}) {
        Failure f = classifyBusError(name, "The name org.pgmd1 was not provided by any .service files", "billing");
        EXPECT_EQ(f.exitStatus, kExitFailure);
        EXPECT_TRUE(f.stopsAll);
        EXPECT_EQ(failureLine(f, "restart billing"), "pgmd is not running (no owner for org.pgmd1 on the system bus).");
    }
}

TEST(BusFailure, NoSuchGroup)
{
    Failure f = classifyBusError("org.pgmd1.Error.NoSuchGroup", "No group named 'bill'", "bill");
    EXPECT_EQ(f.exitStatus, kExitNoSuchGroup);
    EXPECT_FALSE(f.stopsAll);
    EXPECT_EQ(failureLine(f, "get the status of bill"), "Group bill not found.");
}

TEST(BusFailure, NotAvailableIsNotRunning)
{
    Failure f = classifyBusError("org.pgmd1.Error.NotAvailable", "billing is unavailable", "billing");
    EXPECT_EQ(f.exitStatus, kExitNotRunning);
    EXPECT_EQ(failureLine(f, "get the key of billing"), "Failed to get the key of billing: billing is unavailable");
}

TEST(BusFailure, AccessDeniedSaysWhoMay)
{
    EXPECT_EQ(lineFor("org.freedesktop.DBus.Error.AccessDenied", "Only root may change process groups", "billing",
                      "take billing offline"),
              "Failed to take billing offline: Access denied (run as root or as a member of pgmd-admin)");
    EXPECT_EQ(classifyBusError("org.freedesktop.DBus.Error.AccessDenied", "x", "").exitStatus, kExitFailure);
}

TEST(BusFailure, RefusalsCarryPgmdsMessage)
{
    Failure f = classifyBusError("org.pgmd1.Error.InvalidState", "billing is offline", "billing");
    EXPECT_EQ(f.exitStatus, kExitFailure);
    EXPECT_EQ(failureLine(f, "activate billing"), "Failed to activate billing: billing is offline");
    EXPECT_EQ(lineFor("org.pgmd1.Error.BadConfig", "groups.d/a.group:3: Layer: unknown layer", "",
                      "reload the configuration"),
              "Failed to reload the configuration: groups.d/a.group:3: Layer: unknown layer");
}

TEST(BusFailure, EmptyMessageFallsBackToTheErrorName)
{
    EXPECT_EQ(lineFor("org.pgmd1.Error.Future", "", "", "reload the configuration"),
              "Failed to reload the configuration: org.pgmd1.Error.Future");
}

TEST(BusFailure, NoReply)
{
    EXPECT_EQ(lineFor("org.freedesktop.DBus.Error.NoReply", "Connection timed out", "a", "restart a"),
              "Failed to restart a: pgmd did not answer in time: Connection timed out");
}

TEST(BusFailure, NoIndependentComputerConfigured)
{
    for (const char* name : {"org.freedesktop.DBus.Error.UnknownObject", "org.freedesktop.DBus.Error.UnknownInterface",
                             "org.freedesktop.DBus.Error.UnknownMethod"}) {
        Failure f = classifyIcdBusError(name, "Unknown object '/org/pgmd1/icd'.");
        EXPECT_EQ(f.exitStatus, kExitNotConfigured) << name;
        EXPECT_EQ(failureLine(f, "request a power cycle"),
                  "pgmd has no independent computer configured (pgmd.conf [IndependentComputer]).")
            << name;
    }
}

TEST(BusFailure, IndependentComputerRefusalsAsForGroups)
{
    EXPECT_EQ(failureLine(classifyIcdBusError("org.freedesktop.DBus.Error.AccessDenied", "x"), "request a power cycle"),
              "Failed to request a power cycle: Access denied (run as root or as a member of pgmd-admin)");
    Failure refused = classifyIcdBusError("org.pgmd1.Error.InvalidState", "a GPIO link cannot carry requests");
    EXPECT_EQ(refused.exitStatus, kExitFailure);
    EXPECT_EQ(failureLine(refused, "request a power cycle"),
              "Failed to request a power cycle: a GPIO link cannot carry requests");
    Failure gone = classifyIcdBusError("org.freedesktop.DBus.Error.ServiceUnknown", "x");
    EXPECT_EQ(gone.exitStatus, kExitFailure);
    EXPECT_EQ(failureLine(gone, "request a power cycle"), notRunningMessage());
}

TEST(BusFailure, UnknownObjectMeansNothingSpecialForGroups)
{
    Failure f = classifyBusError("org.freedesktop.DBus.Error.UnknownObject", "Unknown object", "billing");
    EXPECT_EQ(f.exitStatus, kExitFailure);
    EXPECT_EQ(failureLine(f, "restart billing"), "Failed to restart billing: Unknown object");
}

} // namespace
} // namespace pgmctl
