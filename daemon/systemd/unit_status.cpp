#include "unit_status.hpp"

#include "common/process/signal_name.hpp"

#include "systemd_names.hpp"

#include <cstring>
#include <vector>

#include <sdbus-c++/Types.h>
#include <sys/wait.h>

namespace pgmd {
namespace {

template <typename T>
void take(const std::map<std::string, sdbus::Variant>& changed, const char* name, T& into)
{
    auto it = changed.find(name);
    if (it != changed.end() && it->second.containsValueOfType<T>())
        into = it->second.get<T>();
}

bool stopped(const UnitStatus& s)
{
    return s.activeState == "failed" || s.activeState == "inactive";
}

} // namespace

bool applyChangedProperties(UnitStatus& status, const std::string& interface,
                            const std::map<std::string, sdbus::Variant>& changed)
{
    if (interface != systemd::unitInterface) {
        // Service, Socket, Mount, ... all carry Result; only services have a main process.
        take(changed, "Result", status.result);
        take(changed, "ExecMainCode", status.mainCode);
        take(changed, "ExecMainStatus", status.mainStatus);
        take(changed, "MainPID", status.mainPid);
        return false;
    }
    std::string before = status.activeState;
    take(changed, "ActiveState", status.activeState);
    take(changed, "SubState", status.subState);
    if (auto job = changed.find("Job"); job != changed.end() &&
                                        job->second.containsValueOfType<sdbus::Struct<std::uint32_t, sdbus::ObjectPath>>()) {
        const auto value = job->second.get<sdbus::Struct<std::uint32_t, sdbus::ObjectPath>>();
        status.jobId = std::get<0>(value);
        status.jobPath = status.jobId ? std::string(std::get<1>(value)) : std::string();
    }
    return status.activeState != before;
}

std::string describe(const UnitStatus& s)
{
    std::vector<std::string> parts;
    if (!s.subState.empty() && s.subState != s.activeState)
        parts.push_back("SubState=" + s.subState);
    if (!s.result.empty() && (s.result != "success" || s.activeState == "failed"))
        parts.push_back("Result=" + s.result);
    // A clean stop also ends the main process by signal; only a failure
    // needs its exit status.
    if (stopped(s) && s.result != "success") {
        if (s.mainCode == CLD_EXITED && s.mainStatus != 0)
            parts.push_back("status=" + std::to_string(s.mainStatus));
        else if (s.mainCode == CLD_KILLED || s.mainCode == CLD_DUMPED)
            parts.push_back("signal=" + pgm::signalName(s.mainStatus));
    }
    std::string out = s.activeState;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i == 0 ? " (" : ", ") + parts[i];
    if (!parts.empty())
        out += ")";
    return out;
}

} // namespace pgmd
