#pragma once
// What the board keeps across pgm-icd restarts and its own reboots. Plain
// data; snapshot_json.hpp gives it its on-disk form.

#include "time_types.hpp"
#include "host_state.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace icd::board {

// ExpectReboot: the host announced a reboot and the board gave it a boot grace.
// Disarm: an operator stopped the board watching the host (a host's own
// disarm is routine, every clean stop of pgmd, and is not recorded).
enum class LastActionKind { None, PowerCycle, PowerOff, ClearLatch, ExpectReboot, Disarm };
// "none", "power-cycle", "power-off", "clear-latch", "expect-reboot", "disarm"
const char* toString(LastActionKind);
std::optional<LastActionKind> lastActionKindFromString(const std::string&);

// Why, in a word: what a status reply can carry without the text.
// FenceRequest: a peer asked the board to fence the host, and was granted.
enum class ActionCause { None, HeartbeatTimeout, HostRequest, CycleLimit, Operator, FenceRequest };
// "none", "heartbeat-timeout", "host-request", "cycle-limit", "operator", "fence-request"
const char* toString(ActionCause);
std::optional<ActionCause> actionCauseFromString(const std::string&);

// The board's last decision about a host's power, or about when to power-cycle
// it, and why it took it.
struct LastAction {
    LastActionKind kind = LastActionKind::None;
    ActionCause cause = ActionCause::None;
    TimePoint at;  // wall clock
    std::string reason;
    friend bool operator==(const LastAction&, const LastAction&) = default;
};

// Totals since the host was first watched; they never decay.
struct HostCounters {
    std::uint64_t powerCycles = 0;
    std::uint64_t latches = 0;            // powered off and latched
    std::uint64_t heartbeatTimeouts = 0;  // including heartbeats declared lost by a line decoder
    std::uint64_t cycleRequests = 0;      // from the host
    std::uint64_t offRequests = 0;        // from the host
    std::uint64_t refusals = 0;           // requests answered with a refusal
    std::uint64_t relayFailures = 0;      // failed or unconfirmed relay commands
    std::uint64_t rebootsAnnounced = 0;   // EXPECT_REBOOT requests the board accepted
    std::uint64_t fenceRequests = 0;      // FENCE_PEER requests this host made
    std::uint64_t fencedByPeer = 0;       // power-cycles of this host at a peer's granted request
    friend bool operator==(const HostCounters&, const HostCounters&) = default;
};

struct PersistedHost {
    HostState state = HostState::Disarmed;
    PowerState power = PowerState::Unknown;
    std::vector<TimePoint> cycles;  // wall-clock stamps of the power-cycles in the window
    LastAction lastAction;
    HostCounters counters;
    // In grace because the host announced a reboot (its boot grace ends in a
    // power-cycle), not because the board powered it on (it ends in armed).
    bool rebootAnnounced = false;
    // Disarmed by an operator while the host may still be beating: its beats
    // do not arm it until it has been silent once (see HostWatch::Phase).
    bool awaitingSilence = false;
    friend bool operator==(const PersistedHost&, const PersistedHost&) = default;
};

struct BoardSnapshot {
    std::map<std::string, PersistedHost> hosts;
    // Which boot of the board wrote it: see Board::restore().
    std::string bootId;
    friend bool operator==(const BoardSnapshot&, const BoardSnapshot&) = default;
};

} // namespace icd::board
