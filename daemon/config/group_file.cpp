#include "group_file.hpp"

#include "group_members.hpp"
#include "group_settings.hpp"
#include "policy_settings.hpp"

#include <algorithm>

namespace pgmd {

namespace {

// Keeps the first of repeated names, with its line.
void addUnique(const std::vector<pgm::Located>& words, std::vector<std::string>& names, std::vector<unsigned>& lines)
{
    for (const auto& w : words) {
        if (std::find(names.begin(), names.end(), w.value) != names.end())
            continue;
        names.push_back(w.value);
        lines.push_back(w.line);
    }
}

void applyLayer(const GroupSettings& s, ParsedGroup& g, pgm::ValueReader& r)
{
    if (s.layer.given())
        g.spec.layer = *s.layer.value;
    else if (!s.layer.written)
        r.error(g.source.groupLine, "Layer", "missing; set Layer= to system, platform or application");
}

void applyRestartable(const GroupSettings& s, GroupSpec& spec, pgm::ValueReader& r)
{
    if (spec.layer == Layer::System) {
        spec.restartable = false;
        if (s.restartable.value == true)
            r.error(s.restartable.line, "Restartable", kSystemNeverRestarted);
        return;
    }
    spec.restartable = s.restartable.value.value_or(true);
}

// The layer's defaults from pgmd.conf, with this group's overrides.
void applyBudgets(const GroupSettings& s, const ManagerSpec& manager, GroupSpec& spec, pgm::ValueReader& r)
{
    auto base = manager.layers.find(spec.layer);
    LayerPolicy resolved = applyPolicy(s.policy, base != manager.layers.end() ? base->second
                                                                              : defaultLayerPolicy(spec.layer));
    checkPolicy(s.policy, resolved, spec.layer, r);
    spec.processRestarts = resolved.processRestarts;
    spec.groupRestarts = resolved.groupRestarts;
    spec.activationTimeout = resolved.activationTimeout;
}

// Pairing keys: Role= makes a group one half of a pair across two nodes.
void applyPairing(const GroupSettings& s, GroupSpec& spec, pgm::ValueReader& r)
{
    if (s.role.given()) {
        spec.role = *s.role.value;
        if (spec.layer != Layer::Application)
            r.error(s.role.line, "Role",
                    std::string("only application groups can be paired; this group is in the ") +
                        toString(spec.layer) + " layer");
        if (!s.mate.written)
            r.error(s.role.line, "Role", "Role= needs Mate= (the node that runs the other half)");
    } else if (!s.role.written) {
        if (s.mate.given())
            r.error(s.mate.line, "Mate", "Mate= needs Role=");
        if (s.standby.given())
            r.error(s.standby.line, "Standby", "Standby= needs Role=");
    }
    spec.mate = s.mate.value.value_or("");
    spec.standby = s.standby.value.value_or(StandbyKind::Cold);
    spec.handshake = s.handshake.value.value_or(Handshake::None);
    // The system layer is the host itself: nothing there answers pgmd's requests.
    if (spec.handshake == Handshake::Bus && spec.layer == Layer::System)
        r.error(s.handshake.line, "Handshake", "only platform and application groups can acknowledge over the bus");
}

} // namespace

ParsedGroup readGroupFile(const pgm::IniDocument& doc, const std::string& name, const ManagerSpec& manager,
                          pgm::ConfigErrors& errors)
{
    pgm::ValueReader r(doc.file, errors);
    GroupSettings s = readGroupSettings(doc, r);

    ParsedGroup g;
    g.spec.name = name;
    g.spec.sourceFile = doc.file;
    g.source.file = doc.file;
    g.source.groupLine = s.groupLine;
    g.spec.description = s.description.value.value_or("");

    applyLayer(s, g, r);
    applyRestartable(s, g.spec, r);
    applyBudgets(s, manager, g.spec, r);
    applyPairing(s, g.spec, r);
    addUnique(s.dependsOn, g.spec.dependsOn, g.source.dependsOn);
    addUnique(s.resources, g.spec.resources, g.source.resources);
    buildMembers(s, g, r);

    if (g.spec.members.empty())
        r.error(g.source.groupLine, "Units",
                "the group has no members; list units in Units= or add a [Process.NAME] section");
    return g;
}

} // namespace pgmd
