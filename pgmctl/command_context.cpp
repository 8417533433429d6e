#include "command_context.hpp"

#include "bus_failure.hpp"

#include <sdbus-c++/Error.h>

#include <algorithm>
#include <cstdio>

namespace pgmctl {

namespace {

ReportedFailure report(const Failure& failure, const std::string& action)
{
    std::fprintf(stderr, "%s\n", failureLine(failure, action).c_str());
    return {failure.exitStatus, failure.stopsAll};
}

} // namespace

ReportedFailure reportBusError(const sdbus::Error& error, const std::string& action, const std::string& group)
{
    return report(classifyBusError(error.getName(), error.getMessage(), group), action);
}

ReportedFailure reportIcdBusError(const sdbus::Error& error, const std::string& action)
{
    return report(classifyIcdBusError(error.getName(), error.getMessage()), action);
}

ReportedFailure reportClusterBusError(const sdbus::Error& error, const std::string& action, const std::string& group)
{
    return report(classifyClusterBusError(error.getName(), error.getMessage(), group), action);
}

void combineExitStatus(int& combined, int status)
{
    combined = std::max(combined, status);
}

} // namespace pgmctl
