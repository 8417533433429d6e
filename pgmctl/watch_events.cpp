#include "watch_events.hpp"

#include "terminal_style.hpp"
#include "text_width.hpp"
#include "time_format.hpp"

#include <algorithm>

namespace pgmctl {

namespace {

// Host-wide steps have no group; no group name can contain parentheses.
constexpr const char* kHostLabel = "(host)";
// Membership changes concern the cluster this host is in.
constexpr const char* kClusterLabel = "(cluster)";

std::string withReason(std::string text, const std::string& reason)
{
    if (!reason.empty())
        text += " (" + printable(reason) + ")";
    return text;
}

std::string groupLabel(const std::string& group)
{
    return group.empty() ? kHostLabel : printable(group);
}

// A node an event names, "-" when it names none.
std::string nodeOrDash(const std::string& node)
{
    return node.empty() ? "-" : printable(node);
}

struct EventText {
    bool colour;

    std::string operator()(const StateChanged& e) const
    {
        return withReason(groupLabel(e.group) + ": " + paint(e.oldState, stateTone(e.oldState, false), colour) +
                              " -> " + paint(e.newState, stateTone(e.newState, false), colour),
                          e.reason);
    }
    std::string operator()(const EscalationStep& e) const
    {
        return withReason(groupLabel(e.group) + ": escalation " + printable(e.step), e.reason);
    }
    std::string operator()(const ActivationRequested& e) const
    {
        return groupLabel(e.group) + ": activation requested: " + printable(e.state) + ", incarnation " +
               std::to_string(e.incarnation);
    }
    std::string operator()(const LinkStateChanged& e) const
    {
        return std::string(kHostLabel) + ": independent computer link " +
               paint(printable(e.state), linkStateTone(e.state), colour);
    }
    std::string operator()(const PgmdPresence& e) const
    {
        return std::string(kHostLabel) + (e.present ? ": pgmd is back" : ": pgmd went away; waiting for it to return");
    }
    std::string operator()(const GroupStateNow& e) const
    {
        std::string state = printable(e.held ? e.state + " (held)" : e.state);
        return groupLabel(e.group) + ": is " + paint(state, stateTone(e.state, e.held), colour);
    }
    std::string operator()(const Failover& e) const
    {
        return withReason(groupLabel(e.group) + ": " + paint("failover", Tone::Warning, colour) + " " +
                              nodeOrDash(e.fromNode) + " -> " + nodeOrDash(e.toNode),
                          e.reason);
    }
    std::string operator()(const PairFrozen& e) const
    {
        if (!e.frozen)
            return withReason(groupLabel(e.group) + ": pair no longer frozen", e.reason);
        return withReason(groupLabel(e.group) + ": pair " + paint("frozen", Tone::Bad, colour), e.reason);
    }
    std::string operator()(const MembershipChanged& e) const
    {
        Tone tone = e.reason == "join" || e.reason == "node-up" ? Tone::Good : Tone::Warning;
        return std::string(kClusterLabel) + ": node " + printable(e.node) + " (id " + std::to_string(e.nodeId) +
               ") " + paint(printable(e.reason), tone, colour);
    }
    std::string operator()(const PeerLost& e) const
    {
        return withReason(std::string(kClusterLabel) + ": node " + printable(e.node) + " lost: " +
                              paint(printable(e.verdict), Tone::Bad, colour),
                          e.evidence);
    }
    std::string operator()(const ClusterLinkChanged& e) const
    {
        std::string text = std::string(kClusterLabel) + ": link " + std::to_string(e.link) + " to " +
                           printable(e.node) + " ";
        if (e.up)
            return text + paint("up", Tone::Good, colour);
        return text + paint("down", Tone::Bad, colour) + " (cause: " + printable(e.cause) + ")";
    }
    std::string operator()(const SwitchoverEnded& e) const
    {
        Tone tone = e.outcome == "completed" ? Tone::Good : Tone::Warning;
        return withReason(groupLabel(e.group) + ": switch-over " + nodeOrDash(e.fromNode) + " -> " +
                              nodeOrDash(e.toNode) + " " + paint(printable(e.outcome), tone, colour) +
                              ", asked on " + nodeOrDash(e.byNode),
                          e.reason);
    }
    std::string operator()(const HalfBorn& e) const
    {
        return groupLabel(e.group) + ": half on " + printable(e.node) + " " + paint("born", Tone::Good, colour) +
               ", incarnation " + std::to_string(e.incarnation);
    }
    std::string operator()(const HalfDied& e) const
    {
        return withReason(groupLabel(e.group) + ": half on " + printable(e.node) + " " +
                              paint("died", Tone::Warning, colour) + ", incarnation " +
                              std::to_string(e.incarnation),
                          e.reason);
    }
};

struct EventFields {
    Json operator()(const StateChanged& e) const
    {
        return {{"event", "group_state_changed"},
                {"group", e.group},
                {"old_state", e.oldState},
                {"new_state", e.newState},
                {"reason", e.reason}};
    }
    Json operator()(const EscalationStep& e) const
    {
        return {{"event", "escalation_step"}, {"group", e.group}, {"step", e.step}, {"reason", e.reason}};
    }
    Json operator()(const ActivationRequested& e) const
    {
        return {{"event", "activation_requested"},
                {"group", e.group},
                {"state", e.state},
                {"incarnation", e.incarnation}};
    }
    Json operator()(const LinkStateChanged& e) const
    {
        return {{"event", "link_state_changed"}, {"group", ""}, {"state", e.state}};
    }
    Json operator()(const PgmdPresence& e) const
    {
        return {{"event", e.present ? "pgmd_connected" : "pgmd_disconnected"}, {"group", ""}};
    }
    Json operator()(const GroupStateNow& e) const
    {
        return {{"event", "group_state"}, {"group", e.group}, {"state", e.state}, {"held", e.held}};
    }
    Json operator()(const Failover& e) const
    {
        return {{"event", "failover"},
                {"group", e.group},
                {"from_node", e.fromNode},
                {"to_node", e.toNode},
                {"reason", e.reason}};
    }
    Json operator()(const PairFrozen& e) const
    {
        return {{"event", "pair_frozen"}, {"group", e.group}, {"frozen", e.frozen}, {"reason", e.reason}};
    }
    Json operator()(const MembershipChanged& e) const
    {
        return {{"event", "membership_changed"},
                {"group", ""},
                {"node", e.node},
                {"node_id", e.nodeId},
                {"reason", e.reason}};
    }
    Json operator()(const PeerLost& e) const
    {
        return {{"event", "peer_lost"},
                {"group", ""},
                {"node", e.node},
                {"verdict", e.verdict},
                {"evidence", e.evidence}};
    }
    Json operator()(const ClusterLinkChanged& e) const
    {
        Json out = {{"event", e.up ? "link_up" : "link_down"}, {"group", ""}, {"node", e.node}, {"link", e.link}};
        if (!e.up)
            out["cause"] = e.cause;
        return out;
    }
    Json operator()(const SwitchoverEnded& e) const
    {
        return {{"event", "switchover_ended"}, {"group", e.group},     {"from_node", e.fromNode},
                {"to_node", e.toNode},        {"by_node", e.byNode}, {"outcome", e.outcome},
                {"reason", e.reason}};
    }
    Json operator()(const HalfBorn& e) const
    {
        return {{"event", "half_born"}, {"group", e.group}, {"node", e.node}, {"incarnation", e.incarnation}};
    }
    Json operator()(const HalfDied& e) const
    {
        return {{"event", "half_died"},
                {"group", e.group},
                {"node", e.node},
                {"incarnation", e.incarnation},
                {"reason", e.reason}};
    }
};

// The group an event is about; "" when it is about the whole host.
struct ConcernedGroup {
    std::string operator()(const StateChanged& e) const { return e.group; }
    std::string operator()(const EscalationStep& e) const { return e.group; }
    std::string operator()(const ActivationRequested& e) const { return e.group; }
    std::string operator()(const LinkStateChanged&) const { return ""; }
    std::string operator()(const PgmdPresence&) const { return ""; }
    std::string operator()(const GroupStateNow& e) const { return e.group; }
    std::string operator()(const Failover& e) const { return e.group; }
    std::string operator()(const PairFrozen& e) const { return e.group; }
    std::string operator()(const MembershipChanged&) const { return ""; }
    std::string operator()(const PeerLost&) const { return ""; }
    std::string operator()(const ClusterLinkChanged&) const { return ""; }
    std::string operator()(const SwitchoverEnded& e) const { return e.group; }
    std::string operator()(const HalfBorn& e) const { return e.group; }
    std::string operator()(const HalfDied& e) const { return e.group; }
};

} // namespace

bool isWatched(const WatchEvent& event, const std::vector<std::string>& groups)
{
    if (groups.empty())
        return true;
    std::string group = std::visit(ConcernedGroup{}, event);
    return group.empty() || std::find(groups.begin(), groups.end(), group) != groups.end();
}

std::string eventLine(const TimedEvent& event, bool colour)
{
    return formatTimestampMillis(event.timestampUsec) + " " + std::visit(EventText{colour}, event.event);
}

Json eventJson(const TimedEvent& event)
{
    Json fields = std::visit(EventFields{}, event.event);
    Json out = {{"timestamp", event.timestampUsec}};
    out.update(fields);
    return out;
}

} // namespace pgmctl
