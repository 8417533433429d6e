#pragma once
// What every command handler gets, and what it gives back.

#include "command_line.hpp"
#include "output_settings.hpp"
#include "pgmd_client.hpp"

#include <string>

namespace sdbus {
class Error;
}

namespace pgmctl {

struct CommandContext {
    sdbus::IConnection& connection;
    PgmdClient& client;
    const Invocation& invocation;
    const OutputSettings& settings;
};

struct CommandOutcome {
    int exitStatus = 0;
    std::string output;  // for stdout (through the pager on a terminal)
};

struct ReportedFailure {
    int exitStatus;
    bool stopsAll;
};

// Prints "Failed to <action>: <why>" (or the message that stands alone) on
// stderr. `group` is the group the call was about, "" for none.
ReportedFailure reportBusError(const sdbus::Error& error, const std::string& action, const std::string& group);

// The same for a call on the independent computer's object.
ReportedFailure reportIcdBusError(const sdbus::Error& error, const std::string& action);

// The same for a call on the cluster's object; `group` as for reportBusError.
ReportedFailure reportClusterBusError(const sdbus::Error& error, const std::string& action, const std::string& group);

// Exit statuses of several groups combine into the highest.
void combineExitStatus(int& combined, int status);

} // namespace pgmctl
