#pragma once
// What the board asks the daemon to do, in order. A Persist comes first in
// any list that changed the persisted state: the daemon saves Board::snapshot()
// before it carries out the rest, so that a restart in between neither
// forgets a counted cycle nor leaves a host off without knowing why.

#include "board_snapshot.hpp"
#include "host_state.hpp"

#include <cstdint>

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
    Refused,       // a fence request: the requester lost the tie-break, or is itself being fenced or off
    NotPeer,       // a fence request or peer query: the target is not a peer of the requester
};
const char* toString(Refusal);  // "not-armed", "busy", ...

struct Reply {
    std::string host;
    bool accepted = false;
    Refusal refusal = Refusal::None;
    std::string detail;  // why, for the host's log
};

// The answer to a fence request (Board::requestFence), given when the board
// has decided: at once, or up to the race window later. `token` is the
// caller's, handed back (the daemon's: the request's seq on the link).
// Accepted: granted, or the target is already being fenced or off.
struct FenceAnswer {
    std::string requester;
    std::uint32_t token = 0;
    std::string target;
    bool accepted = false;
    Refusal refusal = Refusal::None;
    std::string detail;
};

// What a notice says about a host (`peer`): the board is switching its power
// off now, its power is off (confirmed by the relay), or on again.
enum class NoticeEvent { Fencing, Off, On };
const char* toString(NoticeEvent);  // "fencing", "off", "on"

// A notice for host `to` about host `peer` (`to` == `peer`: "you are being
// fenced"). The board keeps it until `to` acknowledges `id` or a newer notice
// about the same peer replaces it; Board::outstandingNotices() lists them.
struct Notice {
    std::string to;
    std::uint32_t id = 0;
    std::string peer;
    NoticeEvent event = NoticeEvent::Off;
    ActionCause cause = ActionCause::None;
    std::string by;  // the requester of a granted fence request; empty otherwise
    friend bool operator==(const Notice&, const Notice&) = default;
};

using Action = std::variant<Persist, RelayPowerOff, RelayPowerOn, StateChanged, PowerChanged, Warning, Reply,
                            FenceAnswer, Notice>;
using Actions = std::vector<Action>;

} // namespace icd::board
