#pragma once
// A PersistedState with every member set to a non-default value, so a round
// trip that drops or mixes up any member fails the comparison.

#include "core/persisted_state.hpp"

#include <string>

namespace pgmd::test {

inline PersistedGroup sampleGroup(std::uint64_t seed)
{
    PersistedGroup g;
    g.incarnation = 1000 + seed;
    g.state = seed % 2 ? "active" : "standby";
    g.offline = seed % 3 == 0;
    g.held = seed % 3 == 1;
    g.holdReason = "held after fault \"" + std::to_string(seed) + "\"";
    g.lastFault = "unit billing-" + std::to_string(seed) + ".service exited with status 1";
    const std::int64_t base = 1'700'000'000'000'000 + static_cast<std::int64_t>(seed) * 1'000'000;
    g.lastFaultAt = TimePoint{base + 300};
    g.stateSince = TimePoint{base + 400};
    g.processRestarts["api.service"] = {{base}, {base + 1}, {base + 2}};
    g.processRestarts["worker.service"] = {{base + 50}};
    g.groupRestarts = {{base + 100}, {base + 200}};
    g.restartsPending = {{"worker.service", MonoTime{5'000'000 + static_cast<std::int64_t>(seed)}}};
    return g;
}

inline PersistedState sampleState(std::size_t groupCount = 3)
{
    PersistedState s;
    for (std::size_t i = 0; i < groupCount; ++i)
        s.groups["group-" + std::to_string(i)] = sampleGroup(i);
    s.reboots = {{1'700'000'000'000'001}, {1'700'000'100'000'002}};
    s.hostReinits = {{1'699'999'000'000'000}};
    s.totalReboots = 7;
    s.escalationExhausted = true;
    s.bootId = "4e1c0b0a6d5f4e2a9a7c1d2e3f405162@1700000000123456";
    return s;
}

} // namespace pgmd::test
