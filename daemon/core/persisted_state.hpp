#pragma once
// What pgmd keeps across its own restarts and host reboots. Plain data; the
// daemon serialises it (daemon/persist) and hands it back to the engine.

#include "time.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pgmd {

struct PersistedGroup {
    std::uint64_t incarnation = 0;
    std::string state;            // last published state name ("active", ...)
    bool offline = false;         // operator's offline mark
    bool held = false;            // out of service until an operator acts
    std::string holdReason;
    std::string lastFault;
    // When the fault and the current state began (0: unknown): status shows
    // their age, which a pgmd restart must not lose.
    TimePoint lastFaultAt;
    TimePoint stateSince;
    std::map<std::string, std::vector<TimePoint>> processRestarts;  // unit -> times
    std::vector<TimePoint> groupRestarts;
    // Members whose counted restart had not yet been seen to end, with when
    // it was asked for (CLOCK_MONOTONIC: kept only within one boot). One
    // found stopped is restarted without counting the fault again, unless it
    // started after that moment and so died anew.
    std::map<std::string, MonoTime> restartsPending;
    friend bool operator==(const PersistedGroup&, const PersistedGroup&) = default;
};

struct PersistedState {
    std::map<std::string, PersistedGroup> groups;
    std::vector<TimePoint> reboots;       // reboots pgmd asked for
    std::vector<TimePoint> hostReinits;
    std::uint64_t totalReboots = 0;
    // Which boot of the host wrote this: running groups are adopted only
    // within the same boot; after a reboot everything starts afresh.
    std::string bootId;
    bool escalationExhausted = false;
    friend bool operator==(const PersistedState&, const PersistedState&) = default;
};

} // namespace pgmd
