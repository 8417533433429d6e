#include "command_context.hpp"

#include "bus_failure.hpp"

#include <sdbus-c++/Error.h>

#include <algorithm>
#include <cstdio>

namespace pgmctl {

ReportedFailure reportBusError(const sdbus::Error& error, const std::string& action, const std::string& group)
{
    Failure failure = classifyBusError(error.getName(), error.getMessage(), group);
    std::fprintf(stderr, "%s\n", failureLine(failure, action).c_str());
    return {failure.exitStatus, failure.stopsAll};
}

void combineExitStatus(int& combined, int status)
{
    combined = std::max(combined, status);
}

} // namespace pgmctl
