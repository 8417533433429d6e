#include "group_file.hpp"

#include "group_members.hpp"
#include "group_settings.hpp"
#include "policy_settings.hpp"
#include "common/ini/values.hpp"

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

std::string notPairable(Layer layer)
{
    return std::string("only application groups can be paired; this group is in the ") + toString(layer) + " layer";
}

std::string unknownSelf(const std::string& self)
{
    return "this node has no usable name: NodeName= is not set in pgmd.conf and the host name '" + self +
           "' is not a valid node name (" + std::string(pgm::kNameRule) + ")";
}

// Where a group runs, seen from this node: primary when it is among the
// first `activeCount` of `nodes`, alternate otherwise; the mate is the first
// other node. A group that does not list this node is not run here.
void deriveRole(GroupSpec& spec, const std::string& self, bool& runsHere)
{
    auto it = std::find(spec.nodes.begin(), spec.nodes.end(), self);
    if (it == spec.nodes.end()) {
        runsHere = false;
        spec.role = Role::None;
        spec.mate.clear();
        return;
    }
    const auto index = static_cast<unsigned>(it - spec.nodes.begin());
    spec.role = index < spec.activeCount ? Role::Primary : Role::Alternate;
    auto mate = std::find_if(spec.nodes.begin(), spec.nodes.end(), [&](const std::string& n) { return n != self; });
    spec.mate = mate != spec.nodes.end() ? *mate : std::string();
}

// Role=, Mate= and Standby=: the older, node-specific form of a pair. It is
// translated into the cluster-wide shape (Nodes=<self> <mate> for a primary,
// Nodes=<mate> <self> for an alternate), so that the rest of pgmd sees one.
void applyNodePairing(const GroupSettings& s, GroupSpec& spec, const std::string& self, pgm::ValueReader& r)
{
    if (s.role.given()) {
        spec.role = *s.role.value;
        if (spec.layer != Layer::Application)
            r.error(s.role.line, "Role", notPairable(spec.layer));
        if (!s.mate.written)
            r.error(s.role.line, "Role", "Role= needs Mate= (the node that runs the other half)");
    } else if (!s.role.written) {
        if (s.mate.given())
            r.error(s.mate.line, "Mate", "Mate= needs Role=");
        if (s.standby.given())
            r.error(s.standby.line, "Standby", "Standby= needs Role= or Redundancy=");
    }
    spec.mate = s.mate.value.value_or("");
    spec.standby = s.standby.value.value_or(StandbyKind::Cold);
    if (!s.role.given() || !s.mate.given())
        return;
    if (!pgm::isValidName(self)) {
        r.error(s.role.line, "Role", unknownSelf(self));
        return;
    }
    if (spec.mate == self) {
        r.error(s.mate.line, "Mate", "Mate= names this node ('" + self + "'); it names the node of the other half");
        return;
    }
    spec.nodes = spec.role == Role::Primary ? std::vector<std::string>{self, spec.mate}
                                            : std::vector<std::string>{spec.mate, self};
    spec.redundancy = spec.standby == StandbyKind::Hot ? Redundancy::HotStandby : Redundancy::ColdStandby;
    spec.activeCount = 1;
}

// Standby= beside Redundancy=: the standby models say it themselves (Standby=
// may repeat it, not contradict it); for sparing it says whether the spares
// run; lead-active has no standby.
void applyClusterStandby(const GroupSettings& s, Redundancy redundancy, GroupSpec& spec, pgm::ValueReader& r)
{
    if (redundancy == Redundancy::HotStandby || redundancy == Redundancy::ColdStandby) {
        spec.standby = redundancy == Redundancy::HotStandby ? StandbyKind::Hot : StandbyKind::Cold;
        if (s.standby.given() && *s.standby.value != spec.standby)
            r.error(s.standby.line, "Standby",
                    std::string("Standby=") + toString(*s.standby.value) + " contradicts Redundancy=" +
                        toString(redundancy) + " (leave Standby= out: the redundancy model says it)");
    } else if (redundancy == Redundancy::LeadActive) {
        if (s.standby.given())
            r.error(s.standby.line, "Standby", "Standby= does not apply to Redundancy=lead-active (every node is active)");
    } else {
        spec.standby = s.standby.value.value_or(StandbyKind::Cold);
    }
}

// Nodes= without repeats, each repeat reported at its line.
std::vector<std::string> uniqueNodes(const GroupSettings& s, pgm::ValueReader& r)
{
    std::vector<std::string> nodes;
    for (const auto& w : s.nodes) {
        if (std::find(nodes.begin(), nodes.end(), w.value) != nodes.end())
            r.error(w.line, "Nodes", "node '" + w.value + "' is listed twice");
        else
            nodes.push_back(w.value);
    }
    return nodes;
}

// Redundancy=, Nodes= and ActiveCount=: the cluster-wide form, the same on
// every node; this node's role and mate are derived from it.
void applyClusterPairing(const GroupSettings& s, GroupSpec& spec, const std::string& self, bool& runsHere,
                         pgm::ValueReader& r)
{
    const bool hasNodes = s.nodesLine != 0;
    const Redundancy redundancy = s.redundancy.value.value_or(Redundancy::None);
    const bool clustered = redundancy != Redundancy::None;

    if (clustered && !hasNodes)
        r.error(s.redundancy.line, "Redundancy", "Redundancy= needs Nodes= (the nodes that run the group, in "
                                                 "preference order)");
    if (hasNodes && !s.redundancy.written)
        r.error(s.nodesLine, "Nodes", "Nodes= needs Redundancy= (hot-standby, cold-standby, lead-active or sparing)");
    else if (hasNodes && s.redundancy.given() && !clustered)
        r.error(s.nodesLine, "Nodes", "Nodes= does not apply to Redundancy=none");
    if (s.activeCount.given() && redundancy != Redundancy::Sparing)
        r.error(s.activeCount.line, "ActiveCount", "ActiveCount= applies only to Redundancy=sparing");
    if ((clustered || hasNodes) && spec.layer != Layer::Application)
        r.error(clustered ? s.redundancy.line : s.nodesLine, clustered ? "Redundancy" : "Nodes",
                notPairable(spec.layer));

    if (clustered)
        applyClusterStandby(s, redundancy, spec, r);
    else if (s.standby.given())
        r.error(s.standby.line, "Standby", "Standby= needs Role= or Redundancy=");

    std::vector<std::string> nodes = uniqueNodes(s, r);
    if (!clustered || !hasNodes)
        return;
    if (nodes.size() < 2) {
        r.error(s.nodesLine, "Nodes", "Nodes= needs at least 2 nodes (the group runs one half on each)");
        return;
    }
    unsigned activeCount = 1;
    if (redundancy == Redundancy::LeadActive) {
        activeCount = static_cast<unsigned>(nodes.size());
    } else if (redundancy == Redundancy::Sparing && s.activeCount.given()) {
        activeCount = *s.activeCount.value;
        if (activeCount < 1 || activeCount >= nodes.size()) {
            r.error(s.activeCount.line, "ActiveCount",
                    "ActiveCount=" + std::to_string(activeCount) + " must be at least 1 and less than the " +
                        std::to_string(nodes.size()) + " nodes of Nodes= (the others are spares)");
            return;
        }
    }
    if (!pgm::isValidName(self)) {
        r.error(s.nodesLine, "Nodes", unknownSelf(self));
        return;
    }
    spec.redundancy = redundancy;
    spec.nodes = std::move(nodes);
    spec.activeCount = activeCount;
    deriveRole(spec, self, runsHere);
}

// Pairing keys, in either form; both in one group is a mistake named at the
// older form's keys.
void applyPairing(const GroupSettings& s, ParsedGroup& g, const std::string& self, pgm::ValueReader& r)
{
    GroupSpec& spec = g.spec;
    const bool clusterForm = s.redundancy.written || s.nodesLine != 0 || s.activeCount.written;
    const bool nodeForm = s.role.written || s.mate.written;
    if (clusterForm && nodeForm) {
        const char* combined = "= is the older per-node form of a pair and cannot be combined with Redundancy=, "
                               "Nodes= or ActiveCount=";
        if (s.role.given())
            r.error(s.role.line, "Role", std::string("Role") + combined);
        if (s.mate.given())
            r.error(s.mate.line, "Mate", std::string("Mate") + combined);
    } else if (nodeForm) {
        applyNodePairing(s, spec, self, r);
    } else {
        applyClusterPairing(s, spec, self, g.runsHere, r);
    }
    spec.handshake = s.handshake.value.value_or(Handshake::None);
    // The system layer is the host itself: nothing there answers pgmd's requests.
    if (spec.handshake == Handshake::Bus && spec.layer == Layer::System)
        r.error(s.handshake.line, "Handshake", "only platform and application groups can acknowledge over the bus");
}

} // namespace

ParsedGroup readGroupFile(const pgm::IniDocument& doc, const std::string& name, const ManagerSpec& manager,
                          const std::string& self, pgm::ConfigErrors& errors)
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
    applyPairing(s, g, self, r);
    addUnique(s.dependsOn, g.spec.dependsOn, g.source.dependsOn);
    addUnique(s.resources, g.spec.resources, g.source.resources);
    buildMembers(s, g, r);

    if (g.spec.members.empty())
        r.error(g.source.groupLine, "Units",
                "the group has no members; list units in Units= or add a [Process.NAME] section");
    return g;
}

} // namespace pgmd
