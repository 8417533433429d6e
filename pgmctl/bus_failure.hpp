#pragma once
// What a D-Bus error from pgmd (or from the bus) means to the operator: the
// line to print and the exit status.

#include <string>

namespace pgmctl {

struct Failure {
    int exitStatus;
    std::string message;
    // A complete sentence on its own ("Group x not found."); otherwise the
    // message follows "Failed to <action>: ".
    bool standalone;
    // Nothing else can work either (pgmd is not on the bus): commands given
    // several groups stop at the first such failure.
    bool stopsAll = false;
};

// `group` names the group the call was about, "" for manager-wide calls.
Failure classifyBusError(const std::string& errorName, const std::string& errorMessage, const std::string& group);

// The same for calls on /org/pgmd1/icd: that object is absent when pgmd has
// no independent computer configured, which the bus reports as an unknown
// object, interface or method; that exits with kExitNotConfigured.
Failure classifyIcdBusError(const std::string& errorName, const std::string& errorMessage);

// The same for calls on /org/pgmd1/cluster, absent when pgmd.conf has no
// [Cluster] section: that exits with kExitNotConfigured too. `group` as for
// classifyBusError.
Failure classifyClusterBusError(const std::string& errorName, const std::string& errorMessage,
                                const std::string& group);

// The line to print on stderr: "Failed to restart billing: <message>", or
// the message alone when it stands alone.
std::string failureLine(const Failure& failure, const std::string& action);

// The message for "pgmd is not on the bus", shared with the watch command.
std::string notRunningMessage();

// For `icd` and `power-cycle` when pgmd has no independent computer.
std::string noIndependentComputerMessage();

// For `cluster` and `switchover` when pgmd is not in a cluster.
std::string noClusterMessage();

// When the system bus itself cannot be reached.
std::string noSystemBusMessage(const std::string& reason);

} // namespace pgmctl
