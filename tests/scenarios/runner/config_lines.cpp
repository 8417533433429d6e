#include "config_lines.hpp"

#include "words.hpp"

#include <algorithm>
#include <stdexcept>

namespace pgmd::scenario {

namespace {

void need(const std::vector<std::string>& words, std::size_t n)
{
    if (words.size() < n)
        throw std::runtime_error("'" + words[0] + "' needs " + std::to_string(n - 1) + " argument(s)");
}

bool yes(const std::string& word)
{
    if (word == "yes")
        return true;
    if (word == "no")
        return false;
    throw std::runtime_error("expected yes or no: " + word);
}

GroupSpec& lastGroup(Config& c, const std::string& keyword)
{
    if (c.groups.empty())
        throw std::runtime_error("'" + keyword + "' before any 'group'");
    return c.groups.back();
}

MemberSpec& member(GroupSpec& g, const std::string& unit)
{
    for (MemberSpec& m : g.members)
        if (m.name == unit)
            return m;
    throw std::runtime_error("group " + g.name + " has no member " + unit);
}

// Defaults as the config parser gives them: the layer's policy, restartable
// unless the group is in the system layer.
GroupSpec newGroup(const std::string& name, const std::string& layerName)
{
    const auto layer = layerFromString(layerName);
    if (!layer)
        throw std::runtime_error("no layer " + layerName);
    GroupSpec g;
    g.name = name;
    g.layer = *layer;
    const LayerPolicy p = defaultLayerPolicy(*layer);
    g.restartable = *layer != Layer::System;
    g.processRestarts = p.processRestarts;
    g.groupRestarts = p.groupRestarts;
    g.activationTimeout = p.activationTimeout;
    return g;
}

void applyPair(GroupSpec& g, const std::vector<std::string>& w)
{
    need(w, 5);  // pair ROLE MATE STANDBY HANDSHAKE
    if (w[1] != "primary" && w[1] != "alternate")
        throw std::runtime_error("role is primary or alternate: " + w[1]);
    g.role = w[1] == "primary" ? Role::Primary : Role::Alternate;
    g.mate = w[2];
    if (w[3] != "hot" && w[3] != "cold")
        throw std::runtime_error("standby is hot or cold: " + w[3]);
    g.standby = w[3] == "hot" ? StandbyKind::Hot : StandbyKind::Cold;
    if (w[4] != "bus" && w[4] != "none")
        throw std::runtime_error("handshake is bus or none: " + w[4]);
    g.handshake = w[4] == "bus" ? Handshake::Bus : Handshake::None;
}

// redundancy MODEL NODE... [active N] [spares hot|cold] [handshake bus|none]
void applyRedundancy(GroupSpec& g, const std::vector<std::string>& w)
{
    need(w, 4);
    const auto model = redundancyFromString(w[1]);
    if (!model || *model == Redundancy::None)
        throw std::runtime_error("redundancy is hot-standby, cold-standby, lead-active or sparing: " + w[1]);
    g.redundancy = *model;
    g.standby = *model == Redundancy::HotStandby ? StandbyKind::Hot : StandbyKind::Cold;
    std::size_t i = 2;
    for (; i < w.size() && w[i] != "active" && w[i] != "spares" && w[i] != "handshake"; ++i)
        g.nodes.push_back(w[i]);
    for (; i + 1 < w.size(); i += 2) {
        if (w[i] == "active")
            g.activeCount = static_cast<unsigned>(std::stoul(w[i + 1]));
        else if (w[i] == "spares")
            g.standby = w[i + 1] == "hot" ? StandbyKind::Hot : StandbyKind::Cold;
        else if (w[i] == "handshake")
            g.handshake = w[i + 1] == "bus" ? Handshake::Bus : Handshake::None;
        else
            throw std::runtime_error("unknown redundancy option " + w[i]);
    }
    if (i != w.size())
        throw std::runtime_error("redundancy options come as NAME VALUE pairs");
    if (*model == Redundancy::LeadActive)
        g.activeCount = static_cast<unsigned>(g.nodes.size());
}

// cluster [grace D] [fence yes|no] [fence-timeout D]
void applyCluster(Config& c, const std::vector<std::string>& w)
{
    ClusterSpec spec;
    if (w.size() % 2 == 0)
        throw std::runtime_error("cluster settings come as NAME VALUE pairs");
    for (std::size_t i = 1; i + 1 < w.size(); i += 2) {
        if (w[i] == "grace")
            spec.processDownGrace = parseDuration(w[i + 1]);
        else if (w[i] == "fence")
            spec.fenceCommand = yes(w[i + 1]) ? std::vector<std::string>{"/usr/sbin/fence_scenario"}
                                              : std::vector<std::string>{};
        else if (w[i] == "fence-timeout")
            spec.fenceTimeout = parseDuration(w[i + 1]);
        else
            throw std::runtime_error("no cluster setting " + w[i]);
    }
    c.cluster = spec;
}

// Only whether there is a board matters to the engine, and over which link.
IndependentComputerSpec independentComputer(const std::string& link)
{
    if (link != "serial" && link != "gpio")
        throw std::runtime_error("independent-computer is serial or gpio: " + link);
    IndependentComputerSpec spec;
    spec.link = link == "serial" ? IcdLinkKind::Serial : IcdLinkKind::Gpio;
    return spec;
}

void applyManager(ManagerSpec& m, const std::vector<std::string>& w)
{
    for (std::size_t i = 1; i + 1 < w.size(); i += 2) {
        if (w[i] == "reboots")
            m.reboots = parseBudget(w[i + 1]);
        else if (w[i] == "host-reinits")
            m.hostReinits = parseBudget(w[i + 1]);
        else if (w[i] == "stop-timeout")
            m.stopTimeout = parseDuration(w[i + 1]);
        else if (w[i] == "independent-computer")
            m.independentComputer = independentComputer(w[i + 1]);
        else
            throw std::runtime_error("no manager setting " + w[i]);
    }
    if (w.size() % 2 == 0)
        throw std::runtime_error("manager settings come as NAME VALUE pairs");
}

ResourceSpec newResource(const std::vector<std::string>& w)
{
    need(w, 3);  // resource NAME PATH [reinit] [every DURATION]
    ResourceSpec r;
    r.name = w[1];
    r.kind = ResourceKind::Path;
    r.path = w[2];
    for (std::size_t i = 3; i < w.size(); ++i) {
        if (w[i] == "reinit")
            r.reinit = {"/usr/bin/true"};
        else if (w[i] == "every" && i + 1 < w.size())
            r.checkInterval = parseDuration(w[++i]);
        else
            throw std::runtime_error("unknown resource option " + w[i]);
    }
    return r;
}

} // namespace

Config defaultConfig(const std::string& nodeName)
{
    Config c;
    c.manager.nodeName = nodeName;
    for (Layer l : {Layer::System, Layer::Platform, Layer::Application})
        c.manager.layers[l] = defaultLayerPolicy(l);
    return c;
}

bool applyConfigLine(Config& c, const std::vector<std::string>& w)
{
    const std::string& k = w[0];
    if (k == "manager") {
        applyManager(c.manager, w);
    } else if (k == "group") {
        need(w, 3);
        c.groups.push_back(newGroup(w[1], w[2]));
    } else if (k == "resource") {
        c.resources.push_back(newResource(w));
    } else if (k == "units") {
        for (std::size_t i = 1; i < w.size(); ++i)
            lastGroup(c, k).members.push_back(MemberSpec{.name = w[i]});
    } else if (k == "depends-on") {
        for (std::size_t i = 1; i < w.size(); ++i)
            lastGroup(c, k).dependsOn.push_back(w[i]);
    } else if (k == "needs") {
        for (std::size_t i = 1; i < w.size(); ++i)
            lastGroup(c, k).resources.push_back(w[i]);
    } else if (k == "process-restarts") {
        need(w, 2);
        lastGroup(c, k).processRestarts = parseBudget(w[1]);
    } else if (k == "group-restarts") {
        need(w, 2);
        lastGroup(c, k).groupRestarts = parseBudget(w[1]);
    } else if (k == "activation-timeout") {
        need(w, 2);
        lastGroup(c, k).activationTimeout = parseDuration(w[1]);
    } else if (k == "restartable") {
        need(w, 2);
        lastGroup(c, k).restartable = yes(w[1]);
    } else if (k == "member-restartable") {
        need(w, 3);
        member(lastGroup(c, k), w[1]).restartable = yes(w[2]);
    } else if (k == "pair") {
        applyPair(lastGroup(c, k), w);
    } else if (k == "redundancy") {
        applyRedundancy(lastGroup(c, k), w);
    } else if (k == "cluster") {
        applyCluster(c, w);
    } else {
        return false;
    }
    return true;
}

void finishConfig(Config& c)
{
    const std::string& self = c.manager.nodeName;
    std::erase_if(c.groups, [&](const GroupSpec& g) {
        return g.redundancy != Redundancy::None && std::find(g.nodes.begin(), g.nodes.end(), self) == g.nodes.end();
    });
    for (GroupSpec& g : c.groups) {
        if (g.redundancy == Redundancy::None || g.role != Role::None)
            continue;
        const auto at = static_cast<unsigned>(std::find(g.nodes.begin(), g.nodes.end(), self) - g.nodes.begin());
        g.role = at < g.activeCount ? Role::Primary : Role::Alternate;
        for (const std::string& n : g.nodes)
            if (n != self) {
                g.mate = n;
                break;
            }
    }
}

} // namespace pgmd::scenario
