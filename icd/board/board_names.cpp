// Names of the board's enums as they appear on the wire, on D-Bus, in the
// journal and in the state file: never renamed once released.

#include "board_actions.hpp"
#include "board_snapshot.hpp"
#include "host_state.hpp"

#include <array>
#include <cstddef>

namespace icd::board {
namespace {

constexpr std::array kHostStateNames{"disarmed", "grace", "armed", "cycling", "off-latched"};
constexpr std::array kPowerStateNames{"unknown", "on", "off", "switching-off", "switching-on"};
constexpr std::array kRefusalNames{"none",  "not-armed",    "busy",    "latched", "not-latched",
                                    "limit", "unknown-host", "refused", "not-peer"};
constexpr std::array kLastActionNames{"none", "power-cycle", "power-off", "clear-latch", "expect-reboot", "disarm"};
constexpr std::array kActionCauseNames{"none",     "heartbeat-timeout", "host-request", "cycle-limit",
                                        "operator", "fence-request"};
constexpr std::array kNoticeEventNames{"fencing", "off", "on"};

template <typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<const char*, N>& names, const std::string& name)
{
    for (std::size_t i = 0; i < N; ++i)
        if (name == names[i])
            return static_cast<Enum>(i);
    return std::nullopt;
}

} // namespace

const char* toString(HostState s)
{
    return kHostStateNames[static_cast<std::size_t>(s)];
}

std::optional<HostState> hostStateFromString(const std::string& name)
{
    return fromName<HostState>(kHostStateNames, name);
}

const char* toString(PowerState s)
{
    return kPowerStateNames[static_cast<std::size_t>(s)];
}

std::optional<PowerState> powerStateFromString(const std::string& name)
{
    return fromName<PowerState>(kPowerStateNames, name);
}

const char* toString(Refusal r)
{
    return kRefusalNames[static_cast<std::size_t>(r)];
}

const char* toString(LastActionKind k)
{
    return kLastActionNames[static_cast<std::size_t>(k)];
}

std::optional<LastActionKind> lastActionKindFromString(const std::string& name)
{
    return fromName<LastActionKind>(kLastActionNames, name);
}

const char* toString(NoticeEvent e)
{
    return kNoticeEventNames[static_cast<std::size_t>(e)];
}

const char* toString(ActionCause c)
{
    return kActionCauseNames[static_cast<std::size_t>(c)];
}

std::optional<ActionCause> actionCauseFromString(const std::string& name)
{
    return fromName<ActionCause>(kActionCauseNames, name);
}

} // namespace icd::board
