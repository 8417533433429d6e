#include "structured_entries.hpp"

#include "message_ids.hpp"

#include <array>
#include <string_view>
#include <syslog.h>

namespace pgmd::log {

namespace {

struct StepText {
    std::string_view step;  // as the core names it
    std::string_view messageId;
    std::string_view summary;
    int priority;
};

constexpr std::array kSteps{
    StepText{"restart-process", ids::kRestartProcess, "restarting a failed process", LOG_WARNING},
    StepText{"restart-group", ids::kRestartGroup, "restarting the whole group", LOG_WARNING},
    StepText{"out-of-service", ids::kOutOfService, "taking the group out of service", LOG_WARNING},
    StepText{"reinit-host", ids::kReinitHost, "re-initialising all platform and application groups",
             LOG_WARNING},
    StepText{"reboot", ids::kReboot, "rebooting the host", LOG_ERR},
    StepText{"exhausted", ids::kExhausted, "escalation exhausted, nothing more will be tried", LOG_ERR},
    StepText{"reinit-resource", ids::kReinitResource, "re-initialising a failed resource", LOG_WARNING},
};

const StepText& stepText(const std::string& step)
{
    static const StepText unknown{"", ids::kOtherEscalation, "escalation step", LOG_WARNING};
    for (const StepText& s : kSteps)
        if (s.step == step)
            return s;
    return unknown;
}

std::string withReason(std::string text, const std::string& reason)
{
    if (!reason.empty())
        text += ": " + reason;
    return text;
}

void addIfSet(Entry& e, const char* key, const std::string& value)
{
    // An empty GROUP= would match nothing useful and clutter `journalctl -o verbose`.
    if (!value.empty())
        e.fields.emplace_back(key, value);
}

} // namespace

Entry transitionEntry(const std::string& group, const std::string& layer, const std::string& from,
                      const std::string& to, const std::string& reason)
{
    Entry e;
    e.priority = to == "unavailable" ? LOG_NOTICE : LOG_INFO;
    e.message = withReason("Group " + group + " changed state from " + from + " to " + to, reason);
    e.fields.emplace_back("MESSAGE_ID", std::string(ids::kStateChanged));
    addIfSet(e, "GROUP", group);
    addIfSet(e, "LAYER", layer);
    e.fields.emplace_back("STATE", to);
    e.fields.emplace_back("OLD_STATE", from);
    addIfSet(e, "REASON", reason);
    return e;
}

Entry escalationEntry(const std::string& group, const std::string& layer, const std::string& step,
                      const std::string& reason)
{
    const StepText& text = stepText(step);
    std::string summary(text.summary);
    if (text.step.empty())
        summary += " " + step;

    Entry e;
    e.priority = text.priority;
    e.message = withReason((group.empty() ? std::string("Host") : "Group " + group) + ": " + summary, reason);
    e.fields.emplace_back("MESSAGE_ID", std::string(text.messageId));
    addIfSet(e, "GROUP", group);
    addIfSet(e, "LAYER", layer);
    e.fields.emplace_back("STEP", step);
    addIfSet(e, "REASON", reason);
    return e;
}

Entry failoverEntry(const std::string& group, const std::string& fromNode, const std::string& toNode,
                    const std::string& reason)
{
    Entry e;
    e.priority = LOG_NOTICE;
    // "none" rather than nothing: the catalog shows both fields.
    const std::string from = fromNode.empty() ? std::string("none") : fromNode;
    const std::string to = toNode.empty() ? std::string("none") : toNode;
    e.message = withReason("Group " + group + ": active half moved from " + from + " to " + to, reason);
    e.fields.emplace_back("MESSAGE_ID", std::string(ids::kFailover));
    addIfSet(e, "GROUP", group);
    e.fields.emplace_back("FROM_NODE", from);
    e.fields.emplace_back("TO_NODE", to);
    addIfSet(e, "REASON", reason);
    return e;
}

Entry pairFrozenEntry(const std::string& group, bool frozen, const std::string& why)
{
    Entry e;
    e.priority = frozen ? LOG_WARNING : LOG_INFO;
    e.message = withReason("Group " + group + (frozen ? ": pair frozen, its nodes disagree about its definition"
                                                      : ": pair no longer frozen, its nodes agree again"),
                           why);
    e.fields.emplace_back("MESSAGE_ID", std::string(ids::kPairFrozen));
    addIfSet(e, "GROUP", group);
    e.fields.emplace_back("FROZEN", frozen ? "yes" : "no");
    addIfSet(e, "REASON", why);
    return e;
}

namespace {

struct VerdictId {
    std::string_view verdict, id;
};
constexpr VerdictId kVerdictIds[] = {
    {"healthy", ids::kPeerHealthy},      {"peer-pgmd-down", ids::kPeerPgmdDown}, {"peer-host-down", ids::kPeerHostDown},
    {"peer-nic", ids::kPeerNic},         {"local-nic", ids::kLocalNic},          {"switch", ids::kSwitch},
    {"partition", ids::kPartition},      {"link-down", ids::kLinkDownUnknown},   {"unreachable", ids::kPeerUnreachable},
};

} // namespace

Entry peerVerdictEntry(const std::string& node, const std::string& verdict, int link, bool lost,
                       const std::string& evidence)
{
    Entry e;
    e.priority = verdict == "healthy" ? LOG_INFO : lost ? LOG_WARNING : LOG_NOTICE;
    e.message = "Peer " + node + ": " + verdict + (link >= 0 ? " (link " + std::to_string(link) + ")" : "") +
                ": " + evidence;
    for (const VerdictId& v : kVerdictIds)
        if (v.verdict == verdict)
            e.fields.emplace_back("MESSAGE_ID", std::string(v.id));
    addIfSet(e, "NODE", node);
    addIfSet(e, "VERDICT", verdict);
    if (link >= 0)
        e.fields.emplace_back("LINK", std::to_string(link));
    e.fields.emplace_back("LOST", lost ? "yes" : "no");
    addIfSet(e, "EVIDENCE", evidence);
    return e;
}

Entry linkEntry(const std::string& node, unsigned link, bool up, const std::string& cause)
{
    Entry e;
    e.priority = up ? LOG_INFO : LOG_WARNING;
    e.message = "Link " + std::to_string(link) + " to " + node + (up ? " is up again" : " is down, cause: " + cause);
    e.fields.emplace_back("MESSAGE_ID", std::string(up ? ids::kLinkUp : ids::kLinkDown));
    addIfSet(e, "NODE", node);
    e.fields.emplace_back("LINK", std::to_string(link));
    if (!up)
        addIfSet(e, "CAUSE", cause);
    return e;
}

Entry switchoverEndedEntry(const std::string& group, const std::string& fromNode, const std::string& toNode,
                           const std::string& byNode, const std::string& outcome, const std::string& reason)
{
    Entry e;
    e.priority = outcome == "completed" ? LOG_INFO : LOG_WARNING;
    e.message = "cluster: switch-over of " + group + (fromNode.empty() ? "" : " from " + fromNode) +
                (toNode.empty() ? "" : " to " + toNode) + " (asked on " + byNode + ") " + outcome +
                (reason.empty() ? "" : ": " + reason);
    e.fields.emplace_back("MESSAGE_ID", std::string(ids::kSwitchoverEnded));
    addIfSet(e, "GROUP", group);
    // "none" rather than nothing: the catalog shows them.
    e.fields.emplace_back("FROM_NODE", fromNode.empty() ? std::string("none") : fromNode);
    e.fields.emplace_back("TO_NODE", toNode.empty() ? std::string("none") : toNode);
    addIfSet(e, "BY_NODE", byNode);
    e.fields.emplace_back("OUTCOME", outcome);
    addIfSet(e, "REASON", reason);
    return e;
}

Entry needsFencingEntry(const std::string& group, const std::string& node, bool needed, const std::string& text)
{
    Entry e;
    e.priority = needed ? LOG_WARNING : LOG_INFO;
    e.message = text;
    e.fields.emplace_back("MESSAGE_ID", std::string(ids::kNeedsFencing));
    addIfSet(e, "GROUP", group);
    addIfSet(e, "NODE", node);
    e.fields.emplace_back("NEEDS_FENCING", needed ? "yes" : "no");
    return e;
}

} // namespace pgmd::log
