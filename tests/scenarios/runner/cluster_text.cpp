#include "cluster_text.hpp"

namespace pgmd::scenario {

namespace {

std::string halves(const cluster::Report& r)
{
    std::string out;
    for (const cluster::HalfReport& h : r.halves) {
        out += out.empty() ? " " : ", ";
        out += h.group + " " + toString(h.state) + (h.held ? " held" : "") + (h.claims ? " claims" : "") +
               (h.ready ? " ready" : "") + " #" + std::to_string(h.incarnation);
    }
    return out;
}

std::string message(const cluster::Message& m)
{
    if (const auto* r = std::get_if<cluster::Report>(&m))
        return std::string("report") + (r->quorate ? "" : " (not quorate)") +
               (r->boardHost != 0 && !r->boardCanFence ? " (its board cannot fence)" : "") + ":" + halves(*r);
    if (const auto* s = std::get_if<cluster::SwitchoverRequest>(&m))
        return "switchover " + s->group + (s->toNode.empty() ? "" : " to " + s->toNode) + " by " + s->byNode;
    const auto& f = std::get<cluster::FenceOutcome>(m);
    return "fence " + f.targetName + ": " + (f.off ? "off" : "not off") + (f.detail.empty() ? "" : " (" + f.detail + ")");
}

} // namespace

std::optional<std::string> describe(const cluster::ClusterAction& a)
{
    if (const auto* m = std::get_if<cluster::Multicast>(&a))
        return "Multicast " + message(m->message);
    if (const auto* t = std::get_if<cluster::SetRunTarget>(&a))
        return "SetRunTarget " + t->group + " " + toString(t->target) + ": " + t->reason;
    if (const auto* l = std::get_if<cluster::SetLead>(&a))
        return "SetLead " + l->group + (l->lead ? " yes" : " no");
    if (const auto* f = std::get_if<cluster::FenceNode>(&a))
        return "FenceNode " + f->nodeName;
    if (const auto* f = std::get_if<cluster::FenceThroughBoard>(&a))
        return "FenceThroughBoard " + f->nodeName + " (host " + std::to_string(f->boardHost) + ", " +
               std::to_string(f->activeCount) + " active here)";
    if (const auto* f = std::get_if<cluster::Failover>(&a))
        return "Failover " + f->group + " " + f->fromNode + " -> " + f->toNode + ": " + f->reason;
    if (const auto* p = std::get_if<cluster::PairFrozen>(&a))
        return p->frozen ? "PairFrozen " + p->group + ": " + p->why : "PairThawed " + p->group;
    if (const auto* e = std::get_if<cluster::SwitchoverEnded>(&a))
        return "SwitchoverEnded " + e->group + " " + (e->fromNode.empty() ? "-" : e->fromNode) + " -> " +
               (e->toNode.empty() ? "-" : e->toNode) + " by " + e->byNode + " " + toString(e->outcome) + ": " + e->reason;
    return std::nullopt;
}

std::string describe(const cluster::MembershipChange& c, const std::function<std::string(cluster::NodeId)>& nameOf)
{
    std::string out = "Membership";
    for (cluster::NodeId id : c.members)
        out += " " + nameOf(id);
    for (const cluster::MemberEvent& e : c.joined)
        out += "; joined " + nameOf(e.node) + " (" + toString(e.reason) + ")";
    for (const cluster::MemberEvent& e : c.left)
        out += "; left " + nameOf(e.node) + " (" + toString(e.reason) + ")";
    return out;
}

std::string describe(const cluster::PairView& p)
{
    std::string owners;
    for (const std::string& o : p.owners)
        owners += (owners.empty() ? "" : ",") + o;
    std::string out = "Pair " + p.group + " " + toString(p.redundancy) + " owners=" + (owners.empty() ? "-" : owners);
    if (p.redundancy == Redundancy::LeadActive)
        out += " lead=" + (p.lead.empty() ? std::string("-") : p.lead);
    if (p.frozen)
        out += " frozen (" + p.frozenWhy + ")";
    for (const std::string& n : p.needsFencing)
        out += " needs-fencing=" + n;
    return out;
}

std::optional<std::string> describeDelivery(const cluster::Message& m, const std::string& from)
{
    if (std::holds_alternative<cluster::Report>(m))
        return std::nullopt;
    return "Delivered from " + from + ": " + message(m);
}

} // namespace pgmd::scenario
