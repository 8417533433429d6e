#pragma once
// Diagnosed peer loss in the running pgmd: the core's PeerDiagnosis fed with
// what the corosync link reports (membership, link states, this node's link
// addresses), the local carrier of each link's interface (CarrierWatch) and
// the board's view of each peer (onBoardPeer(), for the board link to call),
// and its verdicts carried out to the journal and to org.pgmd1.Cluster
// (PeerLost, LinkDown, LinkUp, LinkStates, PeerVerdicts, BoardViews). It takes nothing
// over: the pair arbiter decides that from the membership alone.

#include "bus/cluster_source.hpp"
#include "core/cluster/peer_diagnosis.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace pgm {
class EventLoop;
}

namespace pgmd {

class ClusterObject;

namespace cluster {
class CarrierWatch;
}

class PeerWatch {
public:
    using NameOf = std::function<std::string(cluster::NodeId)>;
    // `changed`: the bus view changed (properties to be sent).
    PeerWatch(pgm::EventLoop& loop, NameOf nameOf, std::function<void()> changed);
    ~PeerWatch();

    // The bus object, once registered; nullptr before.
    void setObject(ClusterObject* object) { object_ = object; }
    // Where the diagnosis's AskBoard goes (a PEER_QUERY about that node);
    // none: not asked.
    void setAskBoard(std::function<void(cluster::NodeId)> ask) { askBoard_ = std::move(ask); }

    void joined(cluster::NodeId self, const std::vector<cluster::NodeId>& configured,
                const std::map<unsigned, std::string>& linkAddresses);
    void membershipChanged(const cluster::MembershipChange& change);
    void linksChanged(const std::vector<cluster::LinkState>& links);
    void onBoardPeer(cluster::NodeId node, cluster::BoardPeerView view);

    void describe(ClusterInfo& out) const;

private:
    void report(const cluster::DiagnosisEvents& events);
    std::string nameOf(cluster::NodeId node) const;

    pgm::EventLoop& loop_;
    NameOf nameOf_;
    std::function<void()> changed_;
    std::function<void(cluster::NodeId)> askBoard_;
    ClusterObject* object_ = nullptr;
    cluster::PeerDiagnosis diagnosis_;
    std::map<unsigned, std::string> linkAddresses_;
    std::map<unsigned, std::string> interfaces_;  // link -> local interface, as last seen
    std::map<unsigned, cluster::Carrier> carriers_;
    std::unique_ptr<cluster::CarrierWatch> carrierWatch_;
};

} // namespace pgmd
