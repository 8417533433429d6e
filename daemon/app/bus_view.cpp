#include "bus_view.hpp"

#include "current_config.hpp"

#include "core/engine.hpp"
#include "core/waiting_for.hpp"
#include "systemd/systemd_client.hpp"

#include <cstddef>
#include <iterator>

namespace pgmd {

BusView::BusView(const CurrentConfig& config, const Engine& engine, const SystemdClient& systemd)
    : config_(config), engine_(engine), systemd_(systemd)
{
}

PairKeyInfo BusView::pairKey(const std::string& group) const
{
    const PairOfGroup pair = pairOf(group);
    return {pair.paired, pair.key.node, pair.key.incarnation};
}

std::vector<std::string> BusView::groupNames() const
{
    std::vector<std::string> names;
    for (const GroupSpec& g : config_.get().groups)
        names.push_back(g.name);
    return names;
}

namespace {

std::uint64_t usec(const std::optional<TimePoint>& t)
{
    return t && t->usec > 0 ? static_cast<std::uint64_t>(t->usec) : 0;
}

std::uint64_t usec(Duration d)
{
    return static_cast<std::uint64_t>(d.count());
}

// Filler i fills field i: a field listed twice or out of place fails the build.
template <class Filler, std::size_t N> constexpr bool fillersInFieldOrder(const Filler (&fillers)[N])
{
    for (std::size_t i = 0; i < N; ++i)
        if (static_cast<std::size_t>(fillers[i].field) != i)
            return false;
    return true;
}

} // namespace

// One filler per GroupField, in the enum's order: a property read fills only
// its own field, and the full GroupInfo is every filler in turn. The lambdas
// live in a member function so that they may read the view's members.
std::optional<GroupInfo> BusView::group(const std::string& name, GroupFields wanted) const
{
    const GroupRuntime* runtime = engine_.findGroup(name);
    if (!runtime)
        return std::nullopt;

    using Fill = void (*)(const BusView&, const GroupRuntime&, GroupInfo&);
    struct Filler {
        GroupField field;
        Fill fill;
    };
    static constexpr Filler kFillers[] = {
        {GroupField::Name, [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.name = g.spec->name; }},
        {GroupField::Layer,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.layer = toString(g.spec->layer); }},
        {GroupField::State, [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.state = toString(g.state); }},
        {GroupField::Role, [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.role = toString(g.spec->role); }},
        {GroupField::Units,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) {
             for (const MemberSpec& m : g.spec->members)
                 i.units.push_back(m.name);
         }},
        {GroupField::Slice, [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.slice = groupSlice(*g.spec); }},
        {GroupField::DependsOn,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.dependsOn = g.spec->dependsOn; }},
        {GroupField::Resources,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.resources = g.spec->resources; }},
        {GroupField::ProcessRestarts,
         [](const BusView& d, const GroupRuntime& g, GroupInfo& i) {
             i.processRestarts = d.engine_.processRestartsInWindow(g);
         }},
        {GroupField::ProcessRestartBurst,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) {
             i.processRestartBurst = g.spec->processRestarts.burst;
         }},
        {GroupField::GroupRestarts,
         [](const BusView& d, const GroupRuntime& g, GroupInfo& i) {
             i.groupRestarts = d.engine_.groupRestartsInWindow(g);
         }},
        {GroupField::GroupRestartBurst,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.groupRestartBurst = g.spec->groupRestarts.burst; }},
        {GroupField::LastFault, [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.lastFault = g.lastFault; }},
        {GroupField::Incarnation,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.incarnation = g.incarnation; }},
        {GroupField::Held, [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.held = g.held; }},
        {GroupField::HoldReason,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.holdReason = g.holdReason; }},
        {GroupField::Description,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.description = g.spec->description; }},
        {GroupField::Members,
         [](const BusView& d, const GroupRuntime& g, GroupInfo& i) {
             for (const MemberSpec& m : g.spec->members) {
                 MemberInfo mi{m.name, "unknown", "", 0};
                 if (const UnitStatus* st = d.systemd_.status(m.name)) {
                     mi.activeState = st->activeState.empty() ? "unknown" : st->activeState;
                     mi.subState = st->subState;
                     mi.mainPid = st->mainPid;
                 }
                 i.members.push_back(std::move(mi));
             }
         }},
        {GroupField::ProcessRestartInterval,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) {
             i.processRestartIntervalUsec = usec(g.spec->processRestarts.interval);
         }},
        {GroupField::GroupRestartInterval,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) {
             i.groupRestartIntervalUsec = usec(g.spec->groupRestarts.interval);
         }},
        {GroupField::ActivationTimeout,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) {
             i.activationTimeoutUsec = usec(g.spec->activationTimeout);
         }},
        {GroupField::Handshake,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.handshake = toString(g.spec->handshake); }},
        {GroupField::Standby,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.standby = toString(g.spec->standby); }},
        // "" and 0 while no acknowledgement is awaited.
        {GroupField::RequestedState,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) {
             if (g.requested)
                 i.requestedState = toString(*g.requested);
         }},
        {GroupField::RequestedIncarnation,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) {
             if (g.requested)
                 i.requestedIncarnation = g.incarnation;
         }},
        {GroupField::StateChangeTimestamp,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.stateChangeTimestampUsec = usec(g.stateSince); }},
        {GroupField::LastFaultTimestamp,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.lastFaultTimestampUsec = usec(g.lastFaultAt); }},
        {GroupField::RecentSteps,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) {
             for (const StepRecord& r : g.recentSteps)
                 i.recentSteps.push_back(StepInfo{usec(r.at), toString(r.step), r.reason});
         }},
        {GroupField::WaitingFor,
         [](const BusView& d, const GroupRuntime& g, GroupInfo& i) {
             for (const Wait& w : waitingFor(d.engine_, g))
                 i.waitingFor.push_back(WaitInfo{toString(w.kind), w.name, w.detail});
         }},
        {GroupField::Redundancy,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.redundancy = toString(g.spec->redundancy); }},
        {GroupField::ClusterNodes,
         [](const BusView&, const GroupRuntime& g, GroupInfo& i) { i.clusterNodes = g.spec->nodes; }},
        {GroupField::Owners,
         [](const BusView& d, const GroupRuntime& g, GroupInfo& i) { i.owners = d.pairOf(g.spec->name).owners; }},
        {GroupField::Lead,
         [](const BusView& d, const GroupRuntime& g, GroupInfo& i) { i.lead = d.pairOf(g.spec->name).lead; }},
        {GroupField::Mate,
         [](const BusView& d, const GroupRuntime& g, GroupInfo& i) { i.mate = d.pairOf(g.spec->name).mate; }},
        {GroupField::MateState,
         [](const BusView& d, const GroupRuntime& g, GroupInfo& i) { i.mateState = d.pairOf(g.spec->name).mateState; }},
    };
    static_assert(std::size(kFillers) == kGroupFieldCount, "every GroupField needs its filler");
    static_assert(fillersInFieldOrder(kFillers), "kFillers must list the fields in GroupField's order");

    GroupInfo info;
    for (const Filler& f : kFillers)
        if (wanted.has(f.field))
            f.fill(*this, *runtime, info);
    return info;
}

ManagerInfo BusView::manager() const
{
    ManagerInfo info;
    const ManagerSpec& spec = config_.get().manager;
    info.nodeName = spec.nodeName;
    info.version = PGMD_VERSION;
    info.configDirectory = config_.directory();
    info.configLoadedTimestampUsec = usec(config_.loadedAt());
    info.rebootCount = engine_.rebootsInWindow();
    info.rebootBurst = spec.reboots.burst;
    info.rebootIntervalUsec = usec(spec.reboots.interval);
    info.hostReinitCount = engine_.hostReinitsInWindow();
    info.hostReinitBurst = spec.hostReinits.burst;
    info.totalReboots = engine_.totalReboots();
    info.escalationExhausted = engine_.escalationExhausted();
    info.configStale = config_.staleBecause().has_value();
    info.configStaleReason = config_.staleBecause().value_or("");
    return info;
}

std::vector<std::string> BusView::resourceNames() const
{
    std::vector<std::string> names;
    for (const ResourceSpec& r : config_.get().resources)
        names.push_back(r.name);
    return names;
}

std::optional<ResourceInfo> BusView::resource(const std::string& name) const
{
    const ResourceRuntime* runtime = engine_.findResource(name);
    if (!runtime)
        return std::nullopt;
    const ResourceSpec& spec = *runtime->spec;
    const ResourceHistory& history = runtime->history;
    ResourceInfo info;
    info.name = spec.name;
    info.kind = toString(spec.kind);
    info.state = toString(runtime->health);
    info.lastError = history.lastError;
    info.path = spec.path;
    info.command = spec.command;
    info.reinit = spec.reinit;
    info.usedBy = groupsUsing(config_.get(), spec.name);
    info.minFreeBytes = spec.minFreeBytes;
    info.checkIntervalUsec = usec(spec.checkInterval);
    info.timeoutUsec = usec(spec.commandTimeout);
    info.lastCheckTimestampUsec = usec(history.lastCheckAt);
    info.stateChangeTimestampUsec = usec(history.healthSince);
    info.lastReinitTimestampUsec = usec(history.lastReinitAt);
    info.reinitCount = history.reinits;
    return info;
}

} // namespace pgmd
