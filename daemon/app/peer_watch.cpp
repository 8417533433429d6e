#include "peer_watch.hpp"

#include "overloaded.hpp"

#include "bus/cluster_object.hpp"
#include "cluster/carrier_watch.hpp"
#include "log/journal.hpp"

#include <system_error>

namespace pgmd {

PeerWatch::PeerWatch(pgm::EventLoop& loop, NameOf nameOf, std::function<void()> changed)
    : loop_(loop), nameOf_(std::move(nameOf)), changed_(std::move(changed))
{
}

PeerWatch::~PeerWatch() = default;

std::string PeerWatch::nameOf(cluster::NodeId node) const
{
    std::string name = nameOf_ ? nameOf_(node) : std::string();
    return name.empty() ? "node id " + std::to_string(node) : name;
}

void PeerWatch::joined(cluster::NodeId self, const std::vector<cluster::NodeId>& configured,
                       const std::map<unsigned, std::string>& linkAddresses)
{
    report(diagnosis_.onNodes(self, configured));
    if (carrierWatch_ && linkAddresses == linkAddresses_)
        return;
    linkAddresses_ = linkAddresses;
    carrierWatch_.reset();
    if (linkAddresses.empty())
        return;
    try {
        carrierWatch_ = std::make_unique<cluster::CarrierWatch>(
            loop_, linkAddresses, [this](const cluster::LinkCarriers::Change& c) {
                interfaces_[c.link] = c.interface;
                carriers_[c.link] = c.carrier;
                log::info("cluster: link " + std::to_string(c.link) + " runs on " +
                          (c.interface.empty() ? std::string("an unknown interface") : c.interface) +
                          ", carrier " + cluster::toString(c.carrier));
                report(diagnosis_.onCarrier(c.link, c.carrier));
            });
    } catch (const std::system_error& e) {
        log::warning(std::string("cluster: cannot watch the carrier of the cluster's interfaces (") + e.what() +
                     "); link faults are diagnosed without it");
    }
}

void PeerWatch::membershipChanged(const cluster::MembershipChange& change)
{
    report(diagnosis_.onMembership(change));
}

void PeerWatch::linksChanged(const std::vector<cluster::LinkState>& links)
{
    report(diagnosis_.onLinks(links));
}

void PeerWatch::onBoardPeer(cluster::NodeId node, cluster::BoardPeerView view)
{
    report(diagnosis_.onBoardPeer(node, view));
}

void PeerWatch::report(const cluster::DiagnosisEvents& events)
{
    for (const cluster::DiagnosisEvent& event : events)
        std::visit(Overloaded{
                       [&](const cluster::LinkWentDown& e) {
                           const std::string cause = cluster::toString(e.cause);
                           log::link(nameOf(e.node), e.link, false, cause);
                           if (object_)
                               object_->linkDown(nameOf(e.node), e.link, cause);
                       },
                       [&](const cluster::LinkCameUp& e) {
                           log::link(nameOf(e.node), e.link, true, "");
                           if (object_)
                               object_->linkUp(nameOf(e.node), e.link);
                       },
                       [&](const cluster::VerdictChanged& e) {
                           const cluster::PeerVerdict& v = e.verdict;
                           const std::string verdict = cluster::toString(v.verdict);
                           // A peer that never joined is no news: no entry until it does.
                           if (!v.lost && v.verdict == cluster::Verdict::PeerPgmdDown)
                               return;
                           log::peerVerdict(nameOf(e.node), verdict, v.link ? static_cast<int>(*v.link) : -1,
                                            v.lost, v.evidence);
                           if (object_ && v.lost)
                               object_->peerLost(nameOf(e.node), verdict, v.evidence);
                       },
                       [&](const cluster::AskBoard& e) {
                           if (askBoard_)
                               askBoard_(e.node);
                       },
                   },
                   event);
    if (!events.empty() && changed_)
        changed_();
}

void PeerWatch::describe(ClusterInfo& out) const
{
    for (const cluster::PeerDiagnosisView& p : diagnosis_.peers()) {
        const std::string name = nameOf(p.node);
        for (const cluster::LinkOfPeer& l : p.links) {
            ClusterLinkStateInfo info{name, p.node, l.link, l.connected, "", "", "unknown"};
            if (l.cause)
                info.cause = cluster::toString(*l.cause);
            if (auto it = interfaces_.find(l.link); it != interfaces_.end())
                info.interface = it->second;
            if (auto it = carriers_.find(l.link); it != carriers_.end())
                info.carrier = cluster::toString(it->second);
            out.linkStates.push_back(std::move(info));
        }
        out.boardViews.push_back({name, p.node, 0, cluster::toString(p.board)});
        out.verdicts.push_back({name, p.node, cluster::toString(p.verdict.verdict),
                                p.verdict.link ? static_cast<std::int32_t>(*p.verdict.link) : -1, p.verdict.lost,
                                p.verdict.degraded, p.verdict.evidence});
    }
}

} // namespace pgmd
