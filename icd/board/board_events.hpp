#pragma once
// What happens to a host, as the daemon reports it to the board: messages
// from the host (already authenticated by the protocol layer), the operator's
// commands and the relay's completions. Timers are not events here: the
// daemon calls Board::onTimer() once Board::nextDeadline() has passed.

#include "board_snapshot.hpp"

#include <string>
#include <variant>

namespace icd::board {

// The host opened a session: its software is up and can heartbeat.
struct Hello {};
struct Heartbeat {};
// A line decoder declared the heartbeat dead before the board's own timeout,
// e.g. "GPIO line stuck high, no beat for 1.5s".
struct HeartbeatLost { std::string detail; };
// The host's pgmd spent its reboot budget and asks for a power-cycle.
struct RequestCycle { std::string reason; };
// The host asks to be powered off and kept off.
struct RequestOff { std::string reason; };
// Beats stop on purpose, so the host is not power-cycled: the host's clean
// shutdown (HostRequest), or an operator taking it out of the board's watch
// for maintenance (Operator), for a host that cannot say so itself.
struct Disarm { ActionCause cause = ActionCause::HostRequest; };
// The host is rebooting: beats stop on purpose, but must come back within
// the boot grace, or the reboot hung and the host is power-cycled.
struct ExpectReboot {};
// The operator lets a latched host be powered on again.
struct ClearLatch {};
// The relay's readback after a power-off or power-on command (see relayEvent()).
struct RelayConfirmedOff {};
struct RelayConfirmedOn {};
struct RelayFailed { std::string detail; };
// The board granted a peer's fence request against this host: power-cycle it.
// Board::requestFence() sends it; not a request, it gets no Reply.
struct Fence { std::string by; };

using Event = std::variant<Hello, Heartbeat, HeartbeatLost, RequestCycle, RequestOff, Disarm, ExpectReboot,
                           ClearLatch, RelayConfirmedOff, RelayConfirmedOn, RelayFailed, Fence>;

// For messages: "hello", "heartbeat", "relay confirmed off", ...
const char* eventName(const Event&);
// Requests get exactly one Reply: RequestCycle, RequestOff, Disarm,
// ExpectReboot, ClearLatch.
bool isRequest(const Event&);

} // namespace icd::board
