#include "waiting_for.hpp"

#include "group_rules.hpp"

#include <algorithm>

namespace pgmd {

const char* toString(WaitKind k)
{
    switch (k) {
    case WaitKind::Offline: return "offline";
    case WaitKind::Hold: return "hold";
    case WaitKind::Group: return "group";
    case WaitKind::Layer: return "layer";
    case WaitKind::Resource: return "resource";
    case WaitKind::Acknowledgement: return "acknowledgement";
    }
    return "?";
}

namespace {

std::string resourceProblem(const ResourceRuntime* r)
{
    if (!r)
        return "not configured";
    if (r->health == ResourceHealth::Unknown)
        return "unknown";
    return r->detail.empty() ? "failing" : "failing: " + r->detail;
}

// One entry per lower layer that holds this group back, naming the groups
// that do; groups already named as dependencies are not repeated.
void addLayerBlockers(const Engine& engine, const GroupRuntime& g, std::vector<Wait>& out)
{
    const auto& deps = g.spec->dependsOn;
    for (Layer lower : {Layer::System, Layer::Platform}) {
        if (lower >= g.spec->layer)
            break;
        std::string blocking;
        for (const GroupRuntime& other : engine.groups()) {
            if (other.spec->layer != lower || !blocksHigherLayers(other.state) ||
                std::find(deps.begin(), deps.end(), other.spec->name) != deps.end())
                continue;
            blocking += (blocking.empty() ? "" : ", ") + other.spec->name + ": " + toString(other.state);
        }
        if (!blocking.empty())
            out.push_back({WaitKind::Layer, toString(lower), blocking});
    }
}

} // namespace

std::vector<Wait> startBlockers(const Engine& engine, const GroupRuntime& g)
{
    std::vector<Wait> out;
    for (const std::string& dep : g.spec->dependsOn) {
        const GroupRuntime* d = engine.findGroup(dep);
        if (!dependencyMet(d))
            out.push_back({WaitKind::Group, dep, d ? toString(d->state) : "not configured"});
    }
    addLayerBlockers(engine, g, out);
    for (const std::string& name : g.spec->resources) {
        const ResourceRuntime* r = engine.findResource(name);
        if (!resourceMet(r))
            out.push_back({WaitKind::Resource, name, resourceProblem(r)});
    }
    return out;
}

std::vector<Wait> waitingFor(const Engine& engine, const GroupRuntime& g)
{
    std::vector<Wait> out;
    if (g.state == GroupState::Offline)
        out.push_back({WaitKind::Offline, "", "taken offline by an operator"});
    if (g.held)
        out.push_back({WaitKind::Hold, "", g.holdReason.empty() ? "out of service" : g.holdReason});
    // What an online would still wait for is worth knowing before asking for it.
    if (showsStartBlockers(g)) {
        std::vector<Wait> blockers = startBlockers(engine, g);
        out.insert(out.end(), blockers.begin(), blockers.end());
    }
    if (g.requested)
        out.push_back({WaitKind::Acknowledgement, toString(*g.requested),
                       "incarnation " + std::to_string(g.incarnation)});
    return out;
}

std::string describe(const std::vector<Wait>& waits)
{
    std::string text;
    for (const Wait& w : waits) {
        if (!text.empty())
            text += ", ";
        text += toString(w.kind);
        if (!w.name.empty())
            text += " " + w.name;
        if (!w.detail.empty())
            text += " (" + w.detail + ")";
    }
    return text;
}

} // namespace pgmd
