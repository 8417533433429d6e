#include "harness.hpp"

namespace pgmd::test {

GroupSpec makeGroup(const std::string& name, Layer layer, std::vector<std::string> units,
                    std::vector<std::string> dependsOn)
{
    GroupSpec g;
    g.name = name;
    g.layer = layer;
    for (const std::string& u : units)
        g.members.push_back(MemberSpec{.name = u});
    g.dependsOn = std::move(dependsOn);
    const LayerPolicy p = defaultLayerPolicy(layer);
    g.restartable = layer != Layer::System;
    g.processRestarts = p.processRestarts;
    g.groupRestarts = p.groupRestarts;
    g.activationTimeout = p.activationTimeout;
    return g;
}

GroupSpec makePairedGroup(const std::string& name, Role role, StandbyKind standby, Handshake handshake,
                          std::vector<std::string> units)
{
    GroupSpec g = makeGroup(name, Layer::Application, std::move(units));
    g.role = role;
    g.mate = "node-b";
    g.standby = standby;
    g.handshake = handshake;
    return g;
}

ResourceSpec makeResource(const std::string& name, bool withReinit)
{
    ResourceSpec r;
    r.name = name;
    r.kind = ResourceKind::Path;
    r.path = "/srv/" + name;
    if (withReinit)
        r.reinit = {"/usr/bin/true"};
    return r;
}

Config makeConfig(std::vector<GroupSpec> groups, std::vector<ResourceSpec> resources)
{
    Config c;
    c.groups = std::move(groups);
    c.resources = std::move(resources);
    for (Layer l : {Layer::System, Layer::Platform, Layer::Application})
        c.manager.layers[l] = defaultLayerPolicy(l);
    return c;
}

Harness::Harness(Config cfg) : ownClock_(std::make_unique<pgm::ManualClock>()), clock(*ownClock_), config(std::move(cfg))
{
    engine = std::make_unique<Engine>(config, clock);
}

Harness::Harness(Config cfg, pgm::ManualClock& sharedClock) : clock(sharedClock), config(std::move(cfg))
{
    engine = std::make_unique<Engine>(config, clock);
}

void Harness::boot(const std::map<std::string, UnitActivity>& observed,
                   const std::map<std::string, MonoTime>& lastStarted)
{
    for (const auto& [unit, activity] : observed)
        if (activity == UnitActivity::Active)
            running.insert(unit);
    process(engine->boot(observed, lastStarted));
}

namespace {

const std::string* jobUnit(const Action& a)
{
    if (auto* s = std::get_if<StartUnit>(&a))
        return &s->unit;
    if (auto* r = std::get_if<RestartUnit>(&a))
        return &r->unit;
    if (auto* st = std::get_if<StopUnit>(&a))
        return &st->unit;
    return nullptr;
}

} // namespace

void Harness::process(Actions first)
{
    std::deque<Action> queue(first.begin(), first.end());
    auto feed = [&](Actions more) { queue.insert(queue.end(), more.begin(), more.end()); };
    while (!queue.empty()) {
        Action a = queue.front();
        queue.pop_front();
        log.push_back(a);
        // systemd's mode "replace": a unit's unfinished job ends "canceled"
        // when the next one for it comes.
        if (const std::string* unit = jobUnit(a)) {
            auto pending = unfinishedJobs.find(*unit);
            if (pending != unfinishedJobs.end()) {
                const JobKind kind = pending->second;
                unfinishedJobs.erase(pending);
                feed(engine->onJobFinished(*unit, kind, "canceled"));
            }
        }
        if (const std::string* unit = jobUnit(a); unit && !std::holds_alternative<StopUnit>(a))
            failed.erase(*unit);
        if (auto* s = std::get_if<StartUnit>(&a)) {
            if (neverReady.count(s->unit)) {
                unfinishedJobs[s->unit] = JobKind::Start;
                continue;
            }
            const bool fail = failingStarts.count(s->unit) > 0;
            (fail ? failed : running).insert(s->unit);
            feed(engine->onJobFinished(s->unit, JobKind::Start, fail ? "failed" : "done"));
        } else if (auto* r = std::get_if<RestartUnit>(&a)) {
            if (neverReady.count(r->unit)) {
                unfinishedJobs[r->unit] = JobKind::Restart;
                continue;
            }
            const bool fail = failingStarts.count(r->unit) > 0;
            (fail ? failed : running).insert(r->unit);
            feed(engine->onJobFinished(r->unit, JobKind::Restart, fail ? "failed" : "done"));
        } else if (auto* st = std::get_if<StopUnit>(&a)) {
            if (stuckStops.count(st->unit)) {
                unfinishedJobs[st->unit] = JobKind::Stop;
                continue;
            }
            running.erase(st->unit);
            feed(engine->onJobFinished(st->unit, JobKind::Stop, "done"));
        } else if (auto* reset = std::get_if<ResetFailedUnit>(&a)) {
            failed.erase(reset->unit);
        } else if (auto* c = std::get_if<CheckResource>(&a)) {
            auto it = resourceHealthy.find(c->resource);
            const bool ok = it == resourceHealthy.end() || it->second;
            feed(engine->onResourceChecked(c->resource, ok, ok ? "present" : "missing"));
        } else if (auto* ri = std::get_if<ReinitResource>(&a)) {
            reinitedResources.push_back(ri->resource);
            feed(engine->onResourceReinitDone(ri->resource, true, ""));
        } else if (std::holds_alternative<RebootHost>(a)) {
            rebooted = true;
        }
    }
}

void Harness::kill(const std::string& unit)
{
    running.erase(unit);
    failed.insert(unit);
    process(engine->onUnitChanged(unit, UnitActivity::Failed, "failed (Result=signal)"));
}

void Harness::advance(Duration d)
{
    const MonoTime target = clock.monotonic() + d;
    while (true) {
        auto next = engine->nextDeadline();
        if (!next || *next > target)
            break;
        if (*next > clock.monotonic())
            clock.advance(*next - clock.monotonic());
        process(engine->onTimer());
    }
    clock.advance(target - clock.monotonic());
}

OperatorError Harness::run(const OperatorResult& result)
{
    process(result.actions);
    return result.error;
}

void Harness::reconfigure(Config next)
{
    const Config& kept = reloadedConfigs.emplace_back(std::move(next));
    process(engine->reconfigure(kept));
}

GroupState Harness::state(const std::string& name) const
{
    return group(name).state;
}

const GroupRuntime& Harness::group(const std::string& name) const
{
    const GroupRuntime* g = engine->findGroup(name);
    if (!g)
        throw std::runtime_error("no group " + name);
    return *g;
}

std::vector<EscalationTaken> Harness::escalations() const
{
    return actionsOf<EscalationTaken>();
}

std::vector<EscalationStep> Harness::steps() const
{
    std::vector<EscalationStep> out;
    for (const EscalationTaken& e : escalations())
        out.push_back(e.step);
    return out;
}

std::vector<GroupState> Harness::statesOf(const std::string& name) const
{
    std::vector<GroupState> out;
    for (const StateChanged& s : actionsOf<StateChanged>())
        if (s.group == name)
            out.push_back(s.to);
    return out;
}

std::vector<std::string> Harness::started() const
{
    std::vector<std::string> out;
    for (const Action& a : log) {
        if (auto* s = std::get_if<StartUnit>(&a))
            out.push_back(s->unit);
        else if (auto* r = std::get_if<RestartUnit>(&a))
            out.push_back(r->unit);
    }
    return out;
}

} // namespace pgmd::test
