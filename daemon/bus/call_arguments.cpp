#include "call_arguments.hpp"

#include "bus_errors.hpp"

#include "common/text/utf8.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

namespace pgmd {

namespace {

constexpr std::array<std::string_view, 2> kAcknowledgedStates{"active", "standby"};
constexpr std::string_view kRestartProcess = "restart-process";
constexpr std::array<std::string_view, 3> kRecoveries{kRestartProcess, "restart-group", "out-of-service"};

template <class List> std::string joined(const List& items)
{
    std::string text;
    for (const auto& item : items) {
        if (!text.empty())
            text += ", ";
        text += item;
    }
    return text;
}

template <class List> bool contains(const List& items, std::string_view item)
{
    return std::find(items.begin(), items.end(), item) != items.end();
}

} // namespace

void checkAcknowledgedState(const std::string& state)
{
    if (!contains(kAcknowledgedStates, state))
        throwInvalidArgument("Cannot acknowledge state '" + state + "'; allowed: " + joined(kAcknowledgedStates));
}

std::string faultTarget(const GroupInfo& group, const std::string& recovery, const std::string& unit,
                        const std::optional<std::string>& callerUnit)
{
    if (!contains(kRecoveries, recovery))
        throwInvalidArgument("Unknown recovery '" + recovery + "'; allowed: " + joined(kRecoveries));
    if (!unit.empty()) {
        if (!contains(group.units, unit))
            throwInvalidArgument("Unit '" + unit + "' is not a member of group '" + group.name +
                                 "'; members: " + joined(group.units));
        return unit;
    }
    if (recovery != kRestartProcess)
        return unit;
    if (!callerUnit)
        throwInvalidArgument("Name the unit to restart: the caller runs in none of the units of group '" +
                             group.name + "' (" + joined(group.units) + ")");
    return *callerUnit;
}

std::string faultReason(const std::string& reason)
{
    // D-Bus strings are valid UTF-8, and the cut keeps them so.
    return pgm::text::capped(reason, kMaxFaultReasonBytes);
}

} // namespace pgmd
