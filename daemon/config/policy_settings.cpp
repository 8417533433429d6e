#include "policy_settings.hpp"

namespace pgmd {

bool readPolicyKey(const pgm::IniEntry& e, PolicySettings& p, pgm::ValueReader& r)
{
    auto count = [&r](const pgm::IniEntry& x) { return r.count(x); };
    auto span = [&r](const pgm::IniEntry& x) { return r.timespan(x); };
    auto timeout = [&r](const pgm::IniEntry& x) { return r.positiveTimespan(x); };

    if (e.key == "ProcessRestartBurst")
        r.assign(p.processRestartBurst, e, count);
    else if (e.key == "ProcessRestartIntervalSec")
        r.assign(p.processRestartInterval, e, span);
    else if (e.key == "GroupRestartBurst")
        r.assign(p.groupRestartBurst, e, count);
    else if (e.key == "GroupRestartIntervalSec")
        r.assign(p.groupRestartInterval, e, span);
    else if (e.key == "ActivationTimeoutSec")
        r.assign(p.activationTimeout, e, timeout);
    else
        return false;
    return true;
}

LayerPolicy applyPolicy(const PolicySettings& p, LayerPolicy base)
{
    if (p.processRestartBurst.given())
        base.processRestarts.burst = *p.processRestartBurst.value;
    if (p.processRestartInterval.given())
        base.processRestarts.interval = *p.processRestartInterval.value;
    if (p.groupRestartBurst.given())
        base.groupRestarts.burst = *p.groupRestartBurst.value;
    if (p.groupRestartInterval.given())
        base.groupRestarts.interval = *p.groupRestartInterval.value;
    if (p.activationTimeout.given())
        base.activationTimeout = *p.activationTimeout.value;
    return base;
}

void checkPolicy(const PolicySettings& p, const LayerPolicy& resolved, Layer layer, pgm::ValueReader& r)
{
    if (layer == Layer::System) {
        // Restart budgets do not apply here at all, so a burst is the one mistake.
        if (p.processRestartBurst.given() && *p.processRestartBurst.value > 0)
            r.error(p.processRestartBurst.line, "ProcessRestartBurst", kSystemNeverRestarted);
        if (p.groupRestartBurst.given() && *p.groupRestartBurst.value > 0)
            r.error(p.groupRestartBurst.line, "GroupRestartBurst", kSystemNeverRestarted);
        return;
    }
    checkBudget(p.processRestartBurst, "ProcessRestartBurst", p.processRestartInterval, "ProcessRestartIntervalSec",
                resolved.processRestarts, r);
    checkBudget(p.groupRestartBurst, "GroupRestartBurst", p.groupRestartInterval, "GroupRestartIntervalSec",
                resolved.groupRestarts, r);
}

void checkBudget(const pgm::Setting<unsigned>& burst, std::string burstKey, const pgm::Setting<Duration>& interval,
                 std::string intervalKey, const Budget& resolved, pgm::ValueReader& r)
{
    if (resolved.burst == 0 || resolved.interval.count() != 0)
        return;
    std::string message = "a burst of " + std::to_string(resolved.burst) + " needs an interval greater than 0";
    if (interval.given())
        r.error(interval.line, std::move(intervalKey), std::move(message));
    else if (burst.given())
        r.error(burst.line, std::move(burstKey), std::move(message));
}

} // namespace pgmd
