#include "cluster_view.hpp"

#include "field_block.hpp"
#include "text_table.hpp"
#include "text_width.hpp"

#include <vector>

namespace pgmctl {

namespace {

std::string yesNo(bool value)
{
    return value ? "yes" : "no";
}

// "-" keeps an empty cell visible in a column read by eye.
std::string orDash(const std::string& text)
{
    return text.empty() ? "-" : printable(text);
}

std::string joinedOrDash(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : ",") + printable(item);
    return orDash(out);
}

Tone presenceTone(const std::string& presence)
{
    if (presence == "present")
        return Tone::Good;
    if (presence == "syncing" || presence == "absent")
        return Tone::Warning;
    if (presence == "lost")
        return Tone::Bad;
    return Tone::Plain;  // fenced: off, as it was meant to be
}

Tone connectionTone(const std::string& connection)
{
    if (connection == "connected")
        return Tone::Good;
    if (connection == "evicted")
        return Tone::Bad;
    return Tone::Warning;
}

std::string section(const std::string& title, const TextTable& table, const OutputSettings& settings)
{
    TableLayout layout{settings.legend, settings.colour, settings.width, settings.glyphs.ellipsis};
    return "\n" + title + ":\n" + table.render(layout);
}

std::vector<Field> localFields(const ClusterStatus& c, const OutputSettings& settings)
{
    std::string id = c.localNodeId != 0 ? std::to_string(c.localNodeId) : "not joined yet";
    return {
        {"Node", {printable(c.localNode) + " (id " + id + ")"}},
        {"Connection", {paint(printable(c.connection), connectionTone(c.connection), settings.colour)}},
        {"Quorate", {paint(yesNo(c.quorate), c.quorate ? Tone::Good : Tone::Bad, settings.colour)}},
        {"Synced", {c.synced ? "yes" : paint("no (exchanging reports)", Tone::Warning, settings.colour)}},
        {"CPG group", {printable(c.groupName)}},
    };
}

std::string nodesSection(const ClusterStatus& c, const OutputSettings& settings)
{
    TextTable table({"NODE", "ID", "PRESENCE", "QUORATE", "CAN-FENCE", "LAST-FENCE-FAILURE"});
    for (const ClusterNode& n : c.nodes)
        table.addRow({{printable(n.name)},
                      {n.id != 0 ? std::to_string(n.id) : "-"},
                      {printable(n.presence), presenceTone(n.presence)},
                      {yesNo(n.quorate)},
                      {yesNo(n.canFence)},
                      {orDash(n.lastFenceFailure), n.lastFenceFailure.empty() ? Tone::Plain : Tone::Bad}});
    return section("Nodes", table, settings);
}

std::string linksSection(const ClusterStatus& c, const OutputSettings& settings)
{
    TextTable table({"NODE", "LINK", "ENABLED", "CONNECTED"});
    for (const ClusterLink& l : c.links) {
        std::string name = nodeNameOf(c, l.nodeId);
        std::string node = name.empty() ? "id " + std::to_string(l.nodeId) : printable(name);
        Tone tone = !l.enabled ? Tone::Plain : l.connected ? Tone::Good : Tone::Bad;
        table.addRow({{node}, {std::to_string(l.link)}, {yesNo(l.enabled)}, {yesNo(l.connected), tone}});
    }
    return section("Links", table, settings);
}

// With pgmd's diagnosis (LinkStates): the cause of each link down and the
// local interface it runs on; the older Links property otherwise.
std::string linkStatesSection(const ClusterStatus& c, const OutputSettings& settings)
{
    TextTable table({"NODE", "LINK", "CONNECTED", "CAUSE", "INTERFACE", "CARRIER"});
    for (const ClusterLinkState& l : c.linkStates)
        table.addRow({{printable(l.node)},
                      {std::to_string(l.link)},
                      {yesNo(l.connected), l.connected ? Tone::Good : Tone::Bad},
                      {orDash(l.cause), l.cause.empty() ? Tone::Plain : Tone::Bad},
                      {orDash(l.interface)},
                      {printable(l.carrier), l.carrier == "down" ? Tone::Bad : Tone::Plain}});
    return section("Links", table, settings);
}

Tone verdictTone(const PeerVerdict& v)
{
    if (v.verdict == "healthy")
        return Tone::Good;
    return v.lost ? Tone::Bad : Tone::Warning;
}

// The board's view of a peer (BoardViews): "alive (host 2)", "-" without a
// board host id or from an older pgmd.
Cell boardCell(const ClusterStatus& c, std::uint32_t nodeId)
{
    for (const BoardView& b : c.boardViews)
        if (b.nodeId == nodeId && b.host != 0) {
            const Tone tone = b.view == "silent" ? Tone::Warning
                              : (b.view == "fencing" || b.view == "off") ? Tone::Bad
                                                                         : Tone::Plain;
            return {printable(b.view) + " (host " + std::to_string(b.host) + ")", tone};
        }
    return {"-"};
}

std::string peersSection(const ClusterStatus& c, const OutputSettings& settings)
{
    TextTable table({"NODE", "VERDICT", "LINK", "LOST", "BOARD", "EVIDENCE"});
    for (const PeerVerdict& v : c.verdicts) {
        std::string verdict = printable(v.verdict) + (v.degraded ? " (degraded redundancy)" : "");
        table.addRow({{printable(v.node)},
                      {verdict, verdictTone(v)},
                      {v.link >= 0 ? std::to_string(v.link) : "-"},
                      {yesNo(v.lost)},
                      boardCell(c, v.nodeId),
                      {orDash(v.evidence)}});
    }
    return section("Peers", table, settings);
}

std::string pairsSection(const ClusterStatus& c, const OutputSettings& settings)
{
    TextTable table({"GROUP", "REDUNDANCY", "OWNERS", "LEAD", "NEEDS-FENCING"});
    for (const ClusterPair& p : c.pairs)
        table.addRow({{printable(p.group)},
                      {printable(p.redundancy)},
                      {joinedOrDash(p.owners), p.owners.empty() ? Tone::Bad : Tone::Plain},
                      {orDash(p.lead)},
                      {joinedOrDash(p.needsFencing), p.needsFencing.empty() ? Tone::Plain : Tone::Bad}});
    return section("Pairs", table, settings);
}

std::string frozenSection(const ClusterStatus& c, const OutputSettings& settings)
{
    TextTable table({"GROUP", "REASON"});
    for (const FrozenPair& f : c.frozenPairs)
        table.addRow({{printable(f.group)}, {printable(f.reason), Tone::Bad}});
    return section("Frozen pairs", table, settings);
}

std::string halvesSection(const ClusterStatus& c, const OutputSettings& settings)
{
    TextTable table({"GROUP", "NODE", "STATE", "HELD", "CLAIMS-ACTIVE", "READY-STANDBY", "INC"});
    for (const ClusterHalf& h : c.halves)
        table.addRow({{printable(h.group)},
                      {printable(h.node)},
                      {printable(h.state), stateTone(h.state, h.held)},
                      {yesNo(h.held)},
                      {yesNo(h.claimsActive)},
                      {yesNo(h.readyStandby)},
                      {std::to_string(h.incarnation)}});
    return section("Halves", table, settings);
}

} // namespace

Tone clusterTone(const ClusterStatus& c)
{
    if (c.connection == "evicted" || (c.connection == "connected" && !c.quorate))
        return Tone::Bad;
    return isDeciding(c) ? Tone::Good : Tone::Warning;
}

std::string renderClusterStatus(const ClusterStatus& c, const OutputSettings& settings)
{
    std::string out = renderHeader(settings.glyphs.bullet, clusterTone(c), "Cluster", settings.colour);
    out += renderFields(localFields(c, settings));
    out += nodesSection(c, settings);
    if (!c.verdicts.empty())
        out += peersSection(c, settings);
    if (!c.linkStates.empty())
        out += linkStatesSection(c, settings);
    else if (!c.links.empty())
        out += linksSection(c, settings);
    out += pairsSection(c, settings);
    // Only when there are any: a frozen pair is a fault to be seen at once.
    if (!c.frozenPairs.empty())
        out += frozenSection(c, settings);
    if (!c.halves.empty())
        out += halvesSection(c, settings);
    return out;
}

} // namespace pgmctl
