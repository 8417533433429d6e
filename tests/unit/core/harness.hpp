#pragma once
// A pure, in-memory stand-in for systemd around the engine: it carries out the
// engine's actions instantly (jobs succeed unless told otherwise) and records
// every action so tests can assert on the sequence.

#include "core/engine.hpp"

#include "common/time/manual_clock.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <list>
#include <memory>
#include <set>

namespace pgmd {
// Readable gtest messages for the core's enums.
inline void PrintTo(GroupState s, std::ostream* os) { *os << toString(s); }
inline void PrintTo(EscalationStep s, std::ostream* os) { *os << toString(s); }
inline void PrintTo(OperatorError e, std::ostream* os) { *os << toString(e); }
} // namespace pgmd

namespace pgm {
template <typename Tag> void PrintTo(BasicTime<Tag> t, std::ostream* os) { *os << t.usec << "us"; }
} // namespace pgm

namespace pgmd::test {

GroupSpec makeGroup(const std::string& name, Layer layer, std::vector<std::string> units,
                    std::vector<std::string> dependsOn = {});
// One half of a pair (Role=, Mate=node-b, Standby=, Handshake=), application layer.
GroupSpec makePairedGroup(const std::string& name, Role role, StandbyKind standby, Handshake handshake,
                          std::vector<std::string> units);
ResourceSpec makeResource(const std::string& name, bool withReinit = false);
Config makeConfig(std::vector<GroupSpec> groups, std::vector<ResourceSpec> resources = {});

class Harness {
public:
    explicit Harness(Config config);
    // Several harnesses (the nodes of a scenario) can share one clock, which
    // must outlive them.
    Harness(Config config, pgm::ManualClock& sharedClock);
    // The engine holds on to this harness's clock and configuration: it stays where it was built.
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    void boot(const std::map<std::string, UnitActivity>& observed = {},
              const std::map<std::string, MonoTime>& lastStarted = {});
    void process(Actions actions);
    // The unit's process dies (kill -9): systemd reports the unit failed.
    void kill(const std::string& unit);
    void advance(Duration d);
    // Carries out a command's actions (none when it was refused) and returns its verdict.
    OperatorError run(const OperatorResult& result);
    // A reloaded configuration, kept alive as long as the engine (as the daemon
    // keeps it); the engine's answer is carried out.
    void reconfigure(Config next);
    // Restores as pgmd does after its own restart (same boot) or after a reboot.
    void restore(const PersistedState& s) { engine->restore(s, s.bootId); }
    void restoreAfterReboot(const PersistedState& s) { engine->restore(s, s.bootId + "-next"); }

    GroupState state(const std::string& group) const;
    const GroupRuntime& group(const std::string& name) const;
    std::vector<EscalationTaken> escalations() const;
    std::vector<EscalationStep> steps() const;
    std::vector<GroupState> statesOf(const std::string& group) const;  // every state entered, in order
    std::vector<std::string> started() const;  // units given StartUnit or RestartUnit, in order
    template <typename T> std::vector<T> actionsOf() const
    {
        std::vector<T> out;
        for (const Action& a : log)
            if (auto p = std::get_if<T>(&a))
                out.push_back(*p);
        return out;
    }
    void clearLog() { log.clear(); }

private:
    std::unique_ptr<pgm::ManualClock> ownClock_;  // unless the clock is shared

public:
    pgm::ManualClock& clock;
    Config config;
    std::list<Config> reloadedConfigs;  // a list: the engine holds pointers into them
    std::unique_ptr<Engine> engine;
    std::vector<Action> log;
    std::set<std::string> running;          // units the fake systemd has running
    // Units systemd shows "failed" (killed, or a start that failed) until
    // reset: by a start or restart (pgmd resets first) or a reset-failed; a
    // stop keeps them failed.
    std::set<std::string> failed;
    std::set<std::string> neverReady;       // start jobs that never finish
    std::set<std::string> failingStarts;    // start jobs that end "failed"
    std::set<std::string> stuckStops;       // stop jobs that never finish
    std::map<std::string, JobKind> unfinishedJobs;  // of neverReady and stuckStops, by unit
    std::map<std::string, bool> resourceHealthy;  // default healthy
    bool rebooted = false;
    std::vector<std::string> reinitedResources;
};

} // namespace pgmd::test
