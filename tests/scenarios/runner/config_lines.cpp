#include "config_lines.hpp"

#include "words.hpp"

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
    } else {
        return false;
    }
    return true;
}

} // namespace pgmd::scenario
