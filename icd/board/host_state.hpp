#pragma once
// What the board publishes about each host it watches: the watchdog's state
// and what the relay has confirmed about the host's power.

#include <optional>
#include <string>

namespace icd::board {

enum class HostState {
    Disarmed,    // not watched: new, or shut down cleanly; its next hello or beat arms it
    Grace,       // booting (powered on by the board, or announced a reboot): heartbeats are not required yet
    Armed,       // heartbeats required; a timeout power-cycles the host
    Cycling,     // the board is switching the host's power: off, hold, on
    OffLatched,  // powered off and kept off until an operator clears the latch
};

// Only what the relay's readback (or the host itself) confirmed: "off" is
// never reported because the board asked for it, only once it is true.
enum class PowerState { Unknown, On, Off, SwitchingOff, SwitchingOn };

const char* toString(HostState);
const char* toString(PowerState);
std::optional<HostState> hostStateFromString(const std::string&);
std::optional<PowerState> powerStateFromString(const std::string&);

} // namespace icd::board
