#include "bus_failure.hpp"

#include "bus_names.hpp"
#include "exit_status.hpp"

#include <array>
#include <string_view>

namespace pgmctl {

namespace {

enum class Meaning {
    NotRunning,
    NoSuchGroup,
    NotAvailable,
    AccessDenied,
    Timeout,
};

struct KnownError {
    std::string_view name;
    Meaning meaning;
};

constexpr std::array kKnownErrors{
    KnownError{"org.freedesktop.DBus.Error.ServiceUnknown", Meaning::NotRunning},
    KnownError{"org.freedesktop.DBus.Error.NameHasNoOwner", Meaning::NotRunning},
    KnownError{bus::kErrorNoSuchGroup, Meaning::NoSuchGroup},
    KnownError{bus::kErrorNotAvailable, Meaning::NotAvailable},
    KnownError{"org.freedesktop.DBus.Error.AccessDenied", Meaning::AccessDenied},
    KnownError{"org.freedesktop.DBus.Error.NoReply", Meaning::Timeout},
    KnownError{"org.freedesktop.DBus.Error.Timeout", Meaning::Timeout},
    KnownError{"org.freedesktop.DBus.Error.TimedOut", Meaning::Timeout},
};

const KnownError* knownError(std::string_view name)
{
    for (const KnownError& e : kKnownErrors)
        if (e.name == name)
            return &e;
    return nullptr;
}

// What sd-bus answers for a path nothing is registered at, or for an
// interface or method the object there does not have.
constexpr std::array<std::string_view, 3> kAbsentObjectErrors{
    "org.freedesktop.DBus.Error.UnknownObject",
    "org.freedesktop.DBus.Error.UnknownInterface",
    "org.freedesktop.DBus.Error.UnknownMethod",
};

bool isAbsentObject(std::string_view name)
{
    for (std::string_view absent : kAbsentObjectErrors)
        if (absent == name)
            return true;
    return false;
}

// A reply without a message is rare, but an empty "Failed to x: " is useless.
std::string messageOrName(const std::string& message, const std::string& name)
{
    return message.empty() ? name : message;
}

} // namespace

std::string notRunningMessage()
{
    return "pgmd is not running (no owner for org.pgmd1 on the system bus).";
}

std::string noIndependentComputerMessage()
{
    return "pgmd has no independent computer configured (pgmd.conf [IndependentComputer]).";
}

std::string noClusterMessage()
{
    return "pgmd on this host is not in a cluster (no [Cluster] section in pgmd.conf).";
}

std::string noSystemBusMessage(const std::string& reason)
{
    return "pgmd is not running (cannot connect to the system bus: " + reason + ").";
}

Failure classifyBusError(const std::string& errorName, const std::string& errorMessage, const std::string& group)
{
    const KnownError* known = knownError(errorName);
    if (known == nullptr)
        return {kExitFailure, messageOrName(errorMessage, errorName), false};

    switch (known->meaning) {
    case Meaning::NotRunning:
        return {kExitFailure, notRunningMessage(), true, true};
    case Meaning::NoSuchGroup:
        return {kExitNoSuchGroup, "Group " + group + " not found.", true};
    case Meaning::NotAvailable:
        return {kExitNotRunning, messageOrName(errorMessage, errorName), false};
    case Meaning::AccessDenied:
        // The bus daemon's own refusal spells out its whole policy match,
        // pgmd's says "only root": neither tells the operator more than this.
        return {kExitFailure, "Access denied (run as root or as a member of pgmd-admin)", false};
    case Meaning::Timeout:
        return {kExitFailure, "pgmd did not answer in time: " + messageOrName(errorMessage, errorName), false};
    }
    return {kExitFailure, messageOrName(errorMessage, errorName), false};
}

Failure classifyIcdBusError(const std::string& errorName, const std::string& errorMessage)
{
    if (isAbsentObject(errorName))
        return {kExitNotConfigured, noIndependentComputerMessage(), true};
    return classifyBusError(errorName, errorMessage, "");
}

Failure classifyClusterBusError(const std::string& errorName, const std::string& errorMessage,
                                const std::string& group)
{
    if (isAbsentObject(errorName))
        return {kExitNotConfigured, noClusterMessage(), true};
    return classifyBusError(errorName, errorMessage, group);
}

std::string failureLine(const Failure& failure, const std::string& action)
{
    if (failure.standalone)
        return failure.message;
    return "Failed to " + action + ": " + failure.message;
}

} // namespace pgmctl
