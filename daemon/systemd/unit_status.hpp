#pragma once
// What the adapter remembers of a watched unit between PropertiesChanged
// signals. systemd sends a unit's type-specific properties (Result, main
// process status) just before its generic ones (ActiveState, SubState), so by
// the time ActiveState changes the detail that explains it is already here.

#include <cstdint>
#include <map>
#include <string>

namespace sdbus {
class Variant;
}

namespace pgmd {

struct UnitStatus {
    std::string activeState;
    std::string subState;
    std::string result;          // "success", "exit-code", "signal", ...
    std::int32_t mainCode = 0;   // CLD_EXITED, CLD_KILLED or CLD_DUMPED; 0 if never ran
    std::int32_t mainStatus = 0; // exit status or signal number
    std::uint32_t mainPid = 0;   // services only; 0 while it has none (or is not yet reported)
    std::uint32_t jobId = 0;     // the unit's pending job, 0 if none
    std::string jobPath;
};

// Takes in the changed properties of one interface. Returns true when
// ActiveState is among them and differs from what was known.
bool applyChangedProperties(UnitStatus& status, const std::string& interface,
                            const std::map<std::string, sdbus::Variant>& changed);

// e.g. "failed (Result=signal, signal=KILL)", "active (SubState=running)".
std::string describe(const UnitStatus& status);

} // namespace pgmd
