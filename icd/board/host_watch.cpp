#include "host_watch.hpp"

#include "common/ini/timespan.hpp"

#include <algorithm>
#include <array>
#include <type_traits>
#include <utility>

namespace icd::board {

using pgm::formatTimespan;

namespace {

using Phase = HostWatch::Phase;

// What drives a transition: one of the Event alternatives (by its index in
// the variant) or the host's deadline passing.
template <typename T, typename... Alternatives>
constexpr std::size_t indexIn(const std::variant<Alternatives...>*)
{
    constexpr std::array same{std::is_same_v<T, Alternatives>...};
    for (std::size_t i = 0; i < same.size(); ++i)
        if (same[i])
            return i;
    return same.size();
}
template <typename T>
constexpr std::size_t on = indexIn<T>(static_cast<const Event*>(nullptr));
constexpr std::size_t timerFired = std::variant_size_v<Event>;

constexpr std::array kPhaseNames{"disarmed",  "disarmed-until-silent", "grace",    "reboot-grace", "armed",
                                 "cycle-off", "cycle-hold",            "cycle-on", "latch-off",    "latched"};

struct PhaseTraits {
    HostState published;
    // The answer to a request the phase has no row for (clear-latch aside).
    Refusal refusal;
};

// Indexed by Phase.
constexpr std::array<PhaseTraits, kPhaseNames.size()> kPhaseTraits{{
    {HostState::Disarmed, Refusal::NotArmed},
    {HostState::Disarmed, Refusal::NotArmed},
    {HostState::Grace, Refusal::None},
    {HostState::Grace, Refusal::None},
    {HostState::Armed, Refusal::None},
    {HostState::Cycling, Refusal::Busy},
    {HostState::Cycling, Refusal::Busy},
    {HostState::Cycling, Refusal::Busy},
    {HostState::OffLatched, Refusal::Latched},
    {HostState::OffLatched, Refusal::Latched},
}};

const PhaseTraits& traits(Phase p)
{
    return kPhaseTraits[static_cast<std::size_t>(p)];
}

std::string refusalDetail(Refusal r)
{
    switch (r) {
    case Refusal::NotArmed: return "the host is disarmed: it must say hello first";
    case Refusal::Busy: return "a power-cycle is already under way";
    case Refusal::Latched: return "the host is latched off: an operator must clear the latch";
    case Refusal::NotLatched: return "the host is not latched";
    default: return toString(r);
    }
}

std::string withDetail(std::string prefix, const std::string& detail)
{
    return detail.empty() ? prefix : prefix + ": " + detail;
}

// Who disarms a host decides what follows. The host's own disarm is routine
// (every clean stop of its pgmd) and is not recorded, or it would bury the
// last power decision; an operator's is a decision about the host.
struct DisarmRule {
    ActionCause cause;
    Phase to;
    const char* reason;
    bool recorded;
};
constexpr std::array kDisarmRules{
    DisarmRule{ActionCause::HostRequest, Phase::Disarmed, "host disarmed: clean shutdown", false},
    DisarmRule{ActionCause::Operator, Phase::DisarmedUntilSilent,
               "disarmed by operator: not watched until the host has been silent and speaks again", true},
};

// A cause without a rule of its own is treated as the host's.
const DisarmRule& disarmRule(ActionCause cause)
{
    for (const DisarmRule& rule : kDisarmRules)
        if (rule.cause == cause)
            return rule;
    return kDisarmRules.front();
}

bool switchesOff(Phase p)
{
    return p == Phase::CycleOff || p == Phase::LatchOff;
}

} // namespace

struct HostWatch::Step {
    const Event* event;  // null for the timer
    Now now;
    Actions& out;
};

HostWatch::HostWatch(HostConfig config) : config_(std::move(config)), cycles_(config_.cycles) {}

HostState HostWatch::state() const
{
    return traits(phase_).published;
}

const char* toString(HostWatch::Phase p)
{
    return kPhaseNames[static_cast<std::size_t>(p)];
}

HostWatch::Handler HostWatch::handlerFor(std::size_t trigger) const
{
    struct Row {
        Phase phase;
        std::size_t trigger;
        Handler handler;
    };
    // The whole state machine. A (phase, trigger) pair without a row goes to
    // unhandled(): requests are refused, stale relay reports and beats ignored.
    static constexpr Row kRows[] = {
        {Phase::Disarmed, on<Hello>, &HostWatch::arm},
        {Phase::Disarmed, on<Heartbeat>, &HostWatch::arm},
        {Phase::Disarmed, on<Disarm>, &HostWatch::alreadyDisarmed},
        {Phase::Disarmed, on<Fence>, &HostWatch::fenced},

        {Phase::DisarmedUntilSilent, on<Hello>, &HostWatch::arm},
        {Phase::DisarmedUntilSilent, on<Heartbeat>, &HostWatch::stillBeating},
        {Phase::DisarmedUntilSilent, on<HeartbeatLost>, &HostWatch::fellSilent},
        {Phase::DisarmedUntilSilent, on<Disarm>, &HostWatch::alreadyDisarmed},
        {Phase::DisarmedUntilSilent, timerFired, &HostWatch::fellSilent},
        {Phase::DisarmedUntilSilent, on<Fence>, &HostWatch::fenced},

        {Phase::Grace, on<Hello>, &HostWatch::arm},
        {Phase::Grace, on<Heartbeat>, &HostWatch::arm},
        {Phase::Grace, on<RequestCycle>, &HostWatch::cycleRequested},
        {Phase::Grace, on<RequestOff>, &HostWatch::offRequested},
        {Phase::Grace, on<Disarm>, &HostWatch::disarm},
        {Phase::Grace, on<ExpectReboot>, &HostWatch::rebootAnnounced},
        {Phase::Grace, timerFired, &HostWatch::graceOver},
        {Phase::Grace, on<Fence>, &HostWatch::fenced},

        {Phase::RebootGrace, on<Hello>, &HostWatch::upAfterReboot},
        {Phase::RebootGrace, on<Heartbeat>, &HostWatch::upAfterReboot},
        {Phase::RebootGrace, on<RequestCycle>, &HostWatch::cycleRequested},
        {Phase::RebootGrace, on<RequestOff>, &HostWatch::offRequested},
        {Phase::RebootGrace, on<Disarm>, &HostWatch::disarm},
        {Phase::RebootGrace, on<ExpectReboot>, &HostWatch::rebootAnnounced},
        {Phase::RebootGrace, timerFired, &HostWatch::rebootOverdue},
        {Phase::RebootGrace, on<Fence>, &HostWatch::fenced},

        {Phase::Armed, on<Hello>, &HostWatch::keepAlive},
        {Phase::Armed, on<Heartbeat>, &HostWatch::keepAlive},
        {Phase::Armed, on<HeartbeatLost>, &HostWatch::heartbeatLost},
        {Phase::Armed, on<RequestCycle>, &HostWatch::cycleRequested},
        {Phase::Armed, on<RequestOff>, &HostWatch::offRequested},
        {Phase::Armed, on<Disarm>, &HostWatch::disarm},
        {Phase::Armed, on<ExpectReboot>, &HostWatch::rebootAnnounced},
        {Phase::Armed, timerFired, &HostWatch::timedOut},
        {Phase::Armed, on<Fence>, &HostWatch::fenced},

        {Phase::CycleOff, on<RelayConfirmedOff>, &HostWatch::holdOff},
        {Phase::CycleOff, on<RelayFailed>, &HostWatch::relayFailed},
        {Phase::CycleOff, timerFired, &HostWatch::relayTimer},

        {Phase::CycleHold, timerFired, &HostWatch::powerOn},

        {Phase::CycleOn, on<RelayConfirmedOn>, &HostWatch::poweredOn},
        {Phase::CycleOn, on<Hello>, &HostWatch::upAfterPowerOn},
        {Phase::CycleOn, on<Heartbeat>, &HostWatch::upAfterPowerOn},
        {Phase::CycleOn, on<RelayFailed>, &HostWatch::relayFailed},
        {Phase::CycleOn, timerFired, &HostWatch::relayTimer},

        {Phase::LatchOff, on<RelayConfirmedOff>, &HostWatch::latchConfirmed},
        {Phase::LatchOff, on<RelayFailed>, &HostWatch::relayFailed},
        {Phase::LatchOff, on<ClearLatch>, &HostWatch::clearLatchWhileSwitchingOff},
        {Phase::LatchOff, timerFired, &HostWatch::relayTimer},

        {Phase::Latched, on<ClearLatch>, &HostWatch::clearLatchWhileOff},
    };
    for (const Row& row : kRows)
        if (row.phase == phase_ && row.trigger == trigger)
            return row.handler;
    return &HostWatch::unhandled;
}

void HostWatch::handle(const Event& event, Now now, Actions& out)
{
    dispatch(&event, now, out);
}

void HostWatch::onTimer(Now now, Actions& out)
{
    dispatch(nullptr, now, out);
}

void HostWatch::dispatch(const Event* event, Now now, Actions& out)
{
    const std::size_t trigger = event ? event->index() : timerFired;
    // Requests are counted whatever the answer.
    if (trigger == on<RequestCycle>)
        ++counters_.cycleRequests;
    if (trigger == on<RequestOff>)
        ++counters_.offRequests;
    if (trigger == on<Hello> || trigger == on<Heartbeat>)
        lastHeard_ = now.mono;
    Step step{event, now, out};
    (this->*handlerFor(trigger))(step);
}

// --- handlers ---------------------------------------------------------------

void HostWatch::arm(Step& s)
{
    armed(std::string(eventName(*s.event)) + " received: heartbeats required (timeout "
              + pgm::formatTimespan(config_.heartbeatTimeout) + ")",
          s.now, s.out);
}

void HostWatch::keepAlive(Step& s)
{
    deadline_ = s.now.mono + config_.heartbeatTimeout;
}

void HostWatch::graceOver(Step& s)
{
    armed("boot grace of " + pgm::formatTimespan(config_.bootGrace) + " over: heartbeats required (timeout "
              + pgm::formatTimespan(config_.heartbeatTimeout) + ")",
          s.now, s.out);
}

void HostWatch::timedOut(Step& s)
{
    ++counters_.heartbeatTimeouts;
    powerCycle("heartbeat timeout after " + pgm::formatTimespan(config_.heartbeatTimeout),
               ActionCause::HeartbeatTimeout,
               s.now, s.out);
}

void HostWatch::heartbeatLost(Step& s)
{
    ++counters_.heartbeatTimeouts;
    powerCycle(withDetail("heartbeat lost", std::get<HeartbeatLost>(*s.event).detail), ActionCause::HeartbeatTimeout,
               s.now, s.out);
}

void HostWatch::cycleRequested(Step& s)
{
    if (powerCycle(withDetail("host requested power-cycle", std::get<RequestCycle>(*s.event).reason),
                   ActionCause::HostRequest, s.now, s.out))
        reply(true, Refusal::None, "power-cycling", s.out);
    else
        reply(false, Refusal::LimitReached, lastAction_.reason, s.out);
}

void HostWatch::offRequested(Step& s)
{
    latchOff(withDetail("host requested power-off", std::get<RequestOff>(*s.event).reason), ActionCause::HostRequest,
             s.now, s.out);
    reply(true, Refusal::None, "powering off and latching", s.out);
}

void HostWatch::disarm(Step& s)
{
    const DisarmRule& rule = disarmRule(std::get<Disarm>(*s.event).cause);
    if (rule.recorded)
        lastAction_ = {LastActionKind::Disarm, rule.cause, s.now.wall, rule.reason};
    const std::optional<MonoTime> silentBy = rule.to == Phase::DisarmedUntilSilent
                                                 ? std::optional(s.now.mono + config_.heartbeatTimeout)
                                                 : std::nullopt;
    enter(rule.to, rule.reason, silentBy, s.out);
    reply(true, Refusal::None, "disarmed", s.out);
}

void HostWatch::alreadyDisarmed(Step& s)
{
    reply(true, Refusal::None, "already disarmed", s.out);
}

void HostWatch::stillBeating(Step& s)
{
    deadline_ = s.now.mono + config_.heartbeatTimeout;
}

void HostWatch::fellSilent(Step& s)
{
    // Same published state: only the next beat's meaning changes.
    enter(Phase::Disarmed, "", std::nullopt, s.out);
}

void HostWatch::rebootAnnounced(Step& s)
{
    // Counted from now, also when the host was already in a grace: the
    // reboot starts with this announcement.
    const std::string reason = "host announced a reboot: heartbeats required again within the boot grace of "
                               + pgm::formatTimespan(config_.bootGrace);
    ++counters_.rebootsAnnounced;
    lastAction_ = {LastActionKind::ExpectReboot, ActionCause::HostRequest, s.now.wall, reason};
    enter(Phase::RebootGrace, reason, s.now.mono + config_.bootGrace, s.out);
    reply(true, Refusal::None, "expecting the host back within " + pgm::formatTimespan(config_.bootGrace), s.out);
}

void HostWatch::upAfterReboot(Step& s)
{
    armed(std::string(eventName(*s.event)) + " received: the host is back after its reboot (timeout "
              + pgm::formatTimespan(config_.heartbeatTimeout) + ")",
          s.now, s.out);
}

void HostWatch::rebootOverdue(Step& s)
{
    ++counters_.heartbeatTimeouts;
    powerCycle("no heartbeat after reboot: the host announced a reboot and was not back within the boot grace of "
                   + pgm::formatTimespan(config_.bootGrace),
               ActionCause::HeartbeatTimeout, s.now, s.out);
}

void HostWatch::holdOff(Step& s)
{
    power_ = PowerState::Off;
    offConfirmedAt_ = s.now.mono;
    s.out.push_back(PowerChanged{id(), power_,
                                 "relay confirmed off: holding off for " + pgm::formatTimespan(config_.offTime)});
    enter(Phase::CycleHold, "", s.now.mono + config_.offTime, s.out);
}

void HostWatch::powerOn(Step& s)
{
    enter(Phase::CycleOn, "", std::nullopt, s.out);
    sendRelayCommand(s.now, s.out);
}

void HostWatch::poweredOn(Step& s)
{
    power_ = PowerState::On;
    s.out.push_back(PowerChanged{id(), power_, "relay confirmed on"});
    enter(Phase::Grace, "powered on: boot grace " + pgm::formatTimespan(config_.bootGrace),
          s.now.mono + config_.bootGrace, s.out);
}

void HostWatch::upAfterPowerOn(Step& s)
{
    // The host talking is the best proof that its power is on, should the
    // relay's own confirmation be slow or lost.
    power_ = PowerState::On;
    s.out.push_back(PowerChanged{id(), power_, std::string(eventName(*s.event)) + " received after power-on"});
    armed("host up after power-on", s.now, s.out);
}

void HostWatch::latchConfirmed(Step& s)
{
    power_ = PowerState::Off;
    offConfirmedAt_ = s.now.mono;
    s.out.push_back(PowerChanged{id(), power_, "relay confirmed off: kept off until an operator clears the latch"});
    enter(Phase::Latched, "", std::nullopt, s.out);
}

void HostWatch::relayFailed(Step& s)
{
    const char* direction = switchesOff(phase_) ? "off" : "on";
    relayTrouble(withDetail(std::string("relay could not switch the host ") + direction,
                            std::get<RelayFailed>(*s.event).detail),
                 s.now, s.out);
}

void HostWatch::relayTimer(Step& s)
{
    if (!relayCommandOut_) {
        sendRelayCommand(s.now, s.out);
        return;
    }
    const char* direction = switchesOff(phase_) ? "off" : "on";
    relayTrouble(std::string("relay did not confirm ") + direction + " within " + pgm::formatTimespan(config_.relayTimeout),
                 s.now, s.out);
}

void HostWatch::clearLatchWhileSwitchingOff(Step& s)
{
    // The power-off already sent carries on; once it is confirmed the host is
    // held off for the off time and powered on, like any power-cycle.
    cycles_.restore({}, s.now.wall);
    lastAction_ = {LastActionKind::ClearLatch, ActionCause::Operator, s.now.wall, "latch cleared by operator"};
    enter(Phase::CycleOff, "latch cleared by operator: power-cycling", deadline_, s.out);
    reply(true, Refusal::None, "latch cleared: powering on once off is confirmed", s.out);
}

void HostWatch::clearLatchWhileOff(Step& s)
{
    cycles_.restore({}, s.now.wall);
    lastAction_ = {LastActionKind::ClearLatch, ActionCause::Operator, s.now.wall, "latch cleared by operator"};
    // Still honour the off time if the latch is cleared right after the off.
    const MonoTime onAt = offConfirmedAt_.value_or(s.now.mono) + config_.offTime;
    if (onAt > s.now.mono) {
        enter(Phase::CycleHold, "latch cleared by operator: powering on after the off time", onAt, s.out);
    } else {
        enter(Phase::CycleOn, "latch cleared by operator: powering on", std::nullopt, s.out);
        sendRelayCommand(s.now, s.out);
    }
    reply(true, Refusal::None, "latch cleared: powering on", s.out);
}

void HostWatch::fenced(Step& s)
{
    // The usual cycle, counted against the limit: a host fenced again and
    // again is latched off like any other that keeps failing.
    ++counters_.fencedByPeer;
    powerCycle("fenced at the request of host " + std::get<Fence>(*s.event).by, ActionCause::FenceRequest, s.now,
               s.out);
}

void HostWatch::unhandled(Step& s)
{
    if (!s.event) {
        deadline_.reset();  // nothing is due in this phase
        return;
    }
    const std::size_t trigger = s.event->index();
    if (isRequest(*s.event)) {
        const Refusal refusal = trigger == on<ClearLatch> ? Refusal::NotLatched : traits(phase_).refusal;
        reply(false, refusal, refusalDetail(refusal), s.out);
        return;
    }
    // A late report of a command that timed out and was sent again: harmless
    // when it agrees with what is known, worth a word when it does not.
    const bool agrees = (trigger == on<RelayConfirmedOff> && power_ == PowerState::Off)
                        || (trigger == on<RelayConfirmedOn> && power_ == PowerState::On);
    const bool relayReport = trigger == on<RelayConfirmedOff> || trigger == on<RelayConfirmedOn>
                             || trigger == on<RelayFailed>;
    if (relayReport && !agrees)
        s.out.push_back(Warning{id(), std::string("ignored ") + eventName(*s.event) + " while " + toString(state())
                                          + ": no relay command was waiting for it"});
    // Beats while switching power or latched off, and a heartbeat declared
    // lost while it is not required, change nothing.
}

// --- building blocks --------------------------------------------------------

void HostWatch::enter(Phase to, const std::string& reason, std::optional<MonoTime> deadline, Actions& out)
{
    const HostState from = state();
    phase_ = to;
    deadline_ = deadline;
    relayCommandOut_ = relayCommandOut_ && (to == Phase::CycleOff || to == Phase::LatchOff);
    if (state() != from)
        out.push_back(StateChanged{id(), from, state(), reason});
}

void HostWatch::armed(const std::string& reason, Now now, Actions& out)
{
    enter(Phase::Armed, reason, now.mono + config_.heartbeatTimeout, out);
}

bool HostWatch::powerCycle(const std::string& reason, ActionCause cause, Now now, Actions& out)
{
    if (!cycles_.allows(now.wall)) {
        latchOff(limitReason() + " (" + reason + ")", ActionCause::CycleLimit, now, out);
        return false;
    }
    cycles_.record(now.wall);
    ++counters_.powerCycles;
    lastAction_ = {LastActionKind::PowerCycle, cause, now.wall, reason};
    enter(Phase::CycleOff, reason, std::nullopt, out);
    sendRelayCommand(now, out);
    return true;
}

void HostWatch::latchOff(const std::string& reason, ActionCause cause, Now now, Actions& out)
{
    ++counters_.latches;
    lastAction_ = {LastActionKind::PowerOff, cause, now.wall, reason};
    enter(Phase::LatchOff, reason, std::nullopt, out);
    sendRelayCommand(now, out);
}

void HostWatch::sendRelayCommand(Now now, Actions& out)
{
    if (switchesOff(phase_)) {
        power_ = PowerState::SwitchingOff;
        out.push_back(RelayPowerOff{id()});
    } else {
        power_ = PowerState::SwitchingOn;
        out.push_back(RelayPowerOn{id()});
    }
    relayCommandOut_ = true;
    deadline_ = now.mono + config_.relayTimeout;
}

void HostWatch::relayTrouble(const std::string& what, Now now, Actions& out)
{
    // The host's power is not known now; the command is sent again and the
    // sequence waits for it: never power on before a confirmed off.
    ++counters_.relayFailures;
    power_ = PowerState::Unknown;
    relayCommandOut_ = false;
    deadline_ = now.mono + config_.relayRetryDelay;
    out.push_back(Warning{id(),
                          what + "; sending the command again in " + pgm::formatTimespan(config_.relayRetryDelay)});
}

void HostWatch::reply(bool accepted, Refusal refusal, const std::string& detail, Actions& out)
{
    if (!accepted)
        ++counters_.refusals;
    out.push_back(Reply{id(), accepted, refusal, detail});
}

std::string HostWatch::limitReason() const
{
    return "cycle limit " + std::to_string(config_.cycles.burst) + " in " + pgm::formatTimespan(config_.cycles.interval)
           + " reached: powered off and latched";
}

// --- persistence ------------------------------------------------------------

PersistedHost HostWatch::persisted() const
{
    return {state(), power_, cycles_.times(), lastAction_, counters_, phase_ == Phase::RebootGrace,
            phase_ == Phase::DisarmedUntilSilent};
}

void HostWatch::restore(const PersistedHost& saved, bool sameBoardBoot, Now now, Actions& out)
{
    counters_ = saved.counters;
    lastAction_ = saved.lastAction;
    cycles_.restore(saved.cycles, now.wall);
    // A power seen before a reboot of the board may have changed since, and
    // a switch in progress was not confirmed.
    const bool settled = saved.power == PowerState::On || saved.power == PowerState::Off;
    power_ = sameBoardBoot && settled ? saved.power : PowerState::Unknown;
    switch (saved.state) {
    case HostState::Disarmed:
        // A host still beating when pgm-icd stopped must fall silent again
        // from now: its deadline was on the previous run's monotonic clock.
        phase_ = saved.awaitingSilence ? Phase::DisarmedUntilSilent : Phase::Disarmed;
        if (saved.awaitingSilence)
            deadline_ = now.mono + config_.heartbeatTimeout;
        break;
    case HostState::Grace:
        // Its deadline was on the monotonic clock of the previous run: a
        // fresh grace can only be longer than what was left, never shorter.
        phase_ = saved.rebootAnnounced ? Phase::RebootGrace : Phase::Grace;
        deadline_ = now.mono + config_.bootGrace;
        break;
    case HostState::Armed:
        phase_ = Phase::Armed;
        if (sameBoardBoot)
            armed("", now, out);  // a fresh timeout, never an instant cycle
        else
            enter(Phase::Grace,
                  "the board rebooted and the host may have lost power with it: boot grace "
                      + pgm::formatTimespan(config_.bootGrace),
                  now.mono + config_.bootGrace, out);
        break;
    case HostState::Cycling:
        // The off time can only be guaranteed from an off this run confirmed:
        // start again from power-off. An extra cut of a host that was already
        // powering on costs less than a hold shorter than the off time.
        phase_ = Phase::CycleOff;
        out.push_back(Warning{id(),
                              "a power-cycle was under way when pgm-icd stopped: starting it again from power-off"});
        sendRelayCommand(now, out);
        break;
    case HostState::OffLatched:
        // Power-off is idempotent: assert it again rather than trust a relay
        // line that a reboot of the board may have reset.
        phase_ = Phase::LatchOff;
        sendRelayCommand(now, out);
        break;
    }
}

} // namespace icd::board
