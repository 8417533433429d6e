#pragma once
// How the daemon switches a host's power: a GPIO output, or an external
// command in the style of power-switch fence agents (argv + on/off/status).
// Both are asynchronous: a request now, a completion later, so that a slow
// power switch never blocks the event loop. The board itself never calls a
// driver; it emits RelayPowerOff / RelayPowerOn and is told the outcome
// through relayEvent().

#include "board_events.hpp"

#include <functional>
#include <string>

namespace icd::board {

enum class RelayReading { On, Off, Unknown };

struct RelayResult {
    bool ok = false;  // the command did its part (exit status 0, the line was set)
    RelayReading reading = RelayReading::Unknown;  // the readback after it
    std::string detail;                            // why not: "exit status 1", "timed out after 10s"
};

class RelayDriver {
public:
    using Done = std::function<void(const RelayResult&)>;
    virtual ~RelayDriver() = default;

    // Each returns at once; `done` runs once, later, from the event loop and
    // never from inside the call (a synchronous backend defers it), so that
    // the caller may still be working through the board's action list.
    // powerOff/powerOn report the readback taken after switching.
    virtual void powerOff(Done done) = 0;
    virtual void powerOn(Done done) = 0;
    virtual void status(Done done) = 0;
};

enum class RelayCommand { PowerOff, PowerOn };

// The board's event for a driver's answer to a command: only a readback of
// the new state confirms it; anything else is a failure the board retries.
Event relayEvent(RelayCommand command, const RelayResult& result);

// A fence agent's "status" exit code: 0 = on, 2 = off, anything else unknown.
RelayReading fenceAgentStatusReading(int exitStatus);

} // namespace icd::board
