#pragma once
// What the board asks the daemon to do, in order. A Persist comes first in
// any list that changed the persisted state: the daemon saves Board::snapshot()
// before it carries out the rest, so that a restart in between neither
// forgets a counted cycle nor leaves a host off without knowing why.

#include "host_state.hpp"

#include <string>
#include <variant>
#include <vector>

namespace icd::board {

struct Persist {};

// Relay commands. The daemon reports the readback as RelayConfirmedOff /
// RelayConfirmedOn / RelayFailed (relayEvent() maps a driver's result).
struct RelayPowerOff { std::string host; };
struct RelayPowerOn { std::string host; };

// Notifications for the journal and D-Bus.
struct StateChanged {
    std::string host;
    HostState from;
    HostState to;
    std::string reason;
};
// The relay's readback (or the host itself) confirmed a change of power.
struct PowerChanged {
    std::string host;
    PowerState power;
    std::string reason;
};
// Something went wrong that the board handles by itself (a relay failure it
// retries, a stale relay report it ignores), for the operator to see.
struct Warning {
    std::string host;
    std::string message;
};

// The answer to a request (RequestCycle, RequestOff, Disarm, ClearLatch):
// exactly one per request.
enum class Refusal {
    None,
    NotArmed,      // the host is disarmed: it must say hello first
    Busy,          // a power-cycle is already under way
    Latched,       // the host is latched off
    NotLatched,    // clear-latch for a host that is not latched
    LimitReached,  // a power-cycle was asked but the limit is reached: powered off and latched instead
    UnknownHost,
};
const char* toString(Refusal);  // "not-armed", "busy", ...

struct Reply {
    std::string host;
    bool accepted = false;
    Refusal refusal = Refusal::None;
    std::string detail;  // why, for the host's log
};

using Action = std::variant<Persist, RelayPowerOff, RelayPowerOn, StateChanged, PowerChanged, Warning, Reply>;
using Actions = std::vector<Action>;

} // namespace icd::board
