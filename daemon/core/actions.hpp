#pragma once
// Effects the engine asks the adapters to carry out, and the notifications it
// wants published. The engine returns them in order; the daemon executes them.

#include "group_state.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace pgmd {

// systemd: reset-failed, then StartUnit (or StartTransientUnit for inline
// processes). The adapter reports the job's end through Engine::onJobFinished.
struct StartUnit { std::string unit; };
// systemd: reset-failed, then RestartUnit: a fresh process even if it runs.
struct RestartUnit { std::string unit; };
struct StopUnit { std::string unit; };
// systemd: reset-failed alone; the unit is not started. A cold standby's
// members stay stopped when the half is started or restarted: a failure of
// its previous run must not stay behind as a "failed" unit once the half is
// repaired (StartUnit and RestartUnit reset it for the others).
struct ResetFailedUnit { std::string unit; };
// Run the resource's check; report through Engine::onResourceChecked.
struct CheckResource { std::string resource; };
// Run the resource's Reinit= command; report through Engine::onResourceReinitDone.
struct ReinitResource { std::string resource; };
// Ask systemd to reboot the host. The daemon persists state first.
struct RebootHost { std::string reason; };
// Write the state file before carrying out the actions that follow. A step
// of the ladder is counted before it is acted on: were pgmd to die between
// asking systemd for a restart and saving, the restarted member would hide
// the fault from the next pgmd and the count would be lost.
struct PersistNow {};
// The reboot budget is spent: ask the independent computer (the board) to
// power-cycle the host, the one recovery left beyond pgmd's own ladder.
// Emitted only when the configuration has an [IndependentComputer].
struct RequestPowerCycle { std::string reason; };

// Notifications: D-Bus signals, PropertiesChanged and journal entries.
struct StateChanged {
    std::string group;
    GroupState from;
    GroupState to;
    std::string reason;
    std::uint64_t incarnation = 0;  // the group's incarnation when it changed
};
// Ask the application of a Handshake=bus group to become `state` (active or
// standby) and to acknowledge it quoting `incarnation`.
struct RequestActivation {
    std::string group;
    GroupState state;
    std::uint64_t incarnation = 0;
};
struct EscalationTaken {
    std::string group;   // empty for host-wide steps without a single origin
    EscalationStep step;
    std::string reason;
};
// A resource that has not been healthy since pgmd started, with nothing
// running that depends on it, is being set up with its Reinit= command (a
// spool directory created at boot): bringing it up, not an escalation step.
struct ResourceSetUp { std::string resource; std::string reason; };
// pgmd restarted and found the group's members still running: it keeps the
// group in its previous state without a transition.
struct GroupAdopted { std::string group; GroupState state; };
// A group's counters, fault or incarnation changed (its state did not).
struct GroupUpdated { std::string group; };
// What a resource shows an operator changed: its health, last error or
// re-initialisations, or (after a reload) its configuration.
struct ResourceUpdated { std::string resource; };
// The manager's own properties (reboot count, exhausted flag) changed.
struct ManagerUpdated {};

using Action = std::variant<StartUnit, RestartUnit, StopUnit, CheckResource, ReinitResource, RebootHost, PersistNow,
                            RequestPowerCycle, StateChanged, RequestActivation, EscalationTaken, ResourceSetUp,
                            GroupAdopted, GroupUpdated, ResourceUpdated, ManagerUpdated, ResetFailedUnit>;
using Actions = std::vector<Action>;

} // namespace pgmd
