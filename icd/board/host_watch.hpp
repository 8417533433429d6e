#pragma once
// One host's watchdog: the state machine of disarmed / grace / armed /
// cycling / off-latched, driven by events and by its single deadline.
// Pure logic: the current time comes in with every call.

#include "board_actions.hpp"
#include "board_events.hpp"
#include "board_snapshot.hpp"
#include "common/time/restart_window.hpp"
#include "host_config.hpp"

#include <optional>

namespace icd::board {

// Deadlines run on the monotonic clock so that a step of the wall clock
// neither fires nor delays them; cycle stamps are wall-clock so that they
// still mean something after the board reboots.
struct Now {
    MonoTime mono;
    TimePoint wall;
};

class HostWatch {
public:
    // Finer than HostState: where in a power sequence the host is. Exposed
    // for tests and diagnostics; HostState is what gets published.
    enum class Phase {
        Disarmed,
        // Disarmed by an operator: the host may still be beating (a GPIO host
        // cannot disarm itself, its line toggles until pgmd stops). Its beats
        // keep it here until it has been silent for the heartbeat timeout (or
        // its line is declared dead); then it is plainly disarmed. A hello, a
        // new session, arms it at once.
        DisarmedUntilSilent,
        Grace,        // powered on by the board: when it ends, heartbeats are required
        RebootGrace,  // the host announced a reboot: when it ends without a beat, power-cycle
        Armed,
        CycleOff,   // cycling: power-off sent, waiting for the relay to confirm
        CycleHold,  // cycling: off confirmed, holding it off for the off time
        CycleOn,    // cycling: power-on sent, waiting for the relay (or the host) to confirm
        LatchOff,   // off-latched: power-off sent, waiting for the relay to confirm
        Latched,    // off-latched: off confirmed; stays off until clear-latch
    };

    explicit HostWatch(HostConfig config);

    void handle(const Event& event, Now now, Actions& out);
    // Call once deadline() has passed.
    void onTimer(Now now, Actions& out);
    std::optional<MonoTime> deadline() const { return deadline_; }

    // After a pgm-icd restart (sameBoardBoot) or a reboot of the board; see
    // Board::restore() for the rules.
    void restore(const PersistedHost& saved, bool sameBoardBoot, Now now, Actions& out);
    PersistedHost persisted() const;

    const HostConfig& config() const { return config_; }
    const std::string& id() const { return config_.id; }
    HostState state() const;
    Phase phase() const { return phase_; }
    PowerState power() const { return power_; }
    unsigned cyclesInWindow(TimePoint wallNow) const { return cycles_.countAt(wallNow); }
    const LastAction& lastAction() const { return lastAction_; }
    const HostCounters& counters() const { return counters_; }
    // Fence requests are ruled on by the Board, which counts them here.
    void countFenceRequest() { ++counters_.fenceRequests; }
    void countRefusal() { ++counters_.refusals; }
    // When the host last said hello or beat, in this run (monotonic).
    std::optional<MonoTime> lastHeard() const { return lastHeard_; }

private:
    struct Step;
    using Handler = void (HostWatch::*)(Step&);
    void dispatch(const Event* event, Now now, Actions& out);
    Handler handlerFor(std::size_t trigger) const;

    // Handlers, one per row of the transition table in host_watch.cpp.
    void arm(Step&);
    void keepAlive(Step&);
    void graceOver(Step&);
    void timedOut(Step&);
    void heartbeatLost(Step&);
    void cycleRequested(Step&);
    void offRequested(Step&);
    void disarm(Step&);
    void alreadyDisarmed(Step&);
    void stillBeating(Step&);
    void fellSilent(Step&);
    void rebootAnnounced(Step&);
    void upAfterReboot(Step&);
    void rebootOverdue(Step&);
    void holdOff(Step&);
    void powerOn(Step&);
    void poweredOn(Step&);
    void upAfterPowerOn(Step&);
    void latchConfirmed(Step&);
    void relayFailed(Step&);
    void relayTimer(Step&);
    void clearLatchWhileSwitchingOff(Step&);
    void clearLatchWhileOff(Step&);
    void fenced(Step&);
    void unhandled(Step&);

    // Building blocks of the handlers.
    // Publishes a StateChanged only when the published state changes.
    void enter(Phase to, const std::string& reason, std::optional<MonoTime> deadline, Actions& out);
    void armed(const std::string& reason, Now now, Actions& out);
    // False when the cycle limit is reached: the host is latched off instead.
    bool powerCycle(const std::string& reason, ActionCause cause, Now now, Actions& out);
    void latchOff(const std::string& reason, ActionCause cause, Now now, Actions& out);
    void sendRelayCommand(Now now, Actions& out);
    void relayTrouble(const std::string& what, Now now, Actions& out);
    void reply(bool accepted, Refusal refusal, const std::string& detail, Actions& out);
    std::string limitReason() const;

    HostConfig config_;
    Phase phase_ = Phase::Disarmed;
    PowerState power_ = PowerState::Unknown;
    std::optional<MonoTime> deadline_;
    // In CycleOff / CycleOn / LatchOff: a relay command is out (deadline =
    // its timeout) or it failed and waits to be sent again (deadline = retry).
    bool relayCommandOut_ = false;
    std::optional<MonoTime> offConfirmedAt_;
    std::optional<MonoTime> lastHeard_;
    pgm::RestartWindow cycles_;
    LastAction lastAction_;
    HostCounters counters_;
};

const char* toString(HostWatch::Phase);

} // namespace icd::board
