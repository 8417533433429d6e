#include "cluster_coordinator.hpp"

#include "current_config.hpp"
#include "board_link_sink.hpp"
#include "overloaded.hpp"

#include "bus/bus_names.hpp"
#include "bus/bus_server.hpp"
#include "bus/cluster_object.hpp"
#include "bus/request_gate.hpp"
#include "cluster/fence_agent.hpp"
#include "core/cluster/half_reports.hpp"
#include "core/engine.hpp"
#include "log/journal.hpp"
#include "common/loop/event_loop.hpp"

#include <algorithm>

namespace pgmd {

namespace {

// Each round either changes a half (and so the report) or ends; the bound
// only turns a ping-pong between engine and arbiter into a clear error.
constexpr int kMaxSettleRounds = 50;

const GroupSpec* specOf(const Config& config, const std::string& group)
{
    for (const auto* list : {&config.groups, &config.elsewhere})
        for (const GroupSpec& g : *list)
            if (g.name == group)
                return &g;
    return nullptr;
}

const char* connectionAfter(cluster::LossReason reason)
{
    return reason == cluster::LossReason::Evicted ? "evicted" : "connecting";
}

} // namespace

std::unique_ptr<ClusterCoordinator> ClusterCoordinator::create(const Parts& parts, const LinkFactory& makeLink)
{
    if (!parts.config.get().cluster)
        return nullptr;
    if (!makeLink) {
        log::error("[Cluster] is set but this pgmd has no cluster link; its paired groups stay standby");
        return nullptr;
    }
    return std::unique_ptr<ClusterCoordinator>(new ClusterCoordinator(parts, makeLink));
}

ClusterCoordinator::ClusterCoordinator(const Parts& parts, const LinkFactory& makeLink)
    : ActionSink(parts.executor), config_(parts.config), engine_(parts.engine), executor_(parts.executor),
      apiBus_(parts.apiBus), bus_(parts.bus), audit_(parts.audit), arbiter_(parts.config.get(), parts.clock),
      timer_(parts.loop.get(), [this] { handle(arbiter_.onTimer()); }, "cluster-arbiter"),
      viewWork_(parts.loop.get(), [this] { publishView(); }, "cluster-view", SD_EVENT_PRIORITY_IDLE),
      peers_(parts.loop, [this](cluster::NodeId id) { return nodeName(id); }, [this] { viewWork_.trigger(); }),
      link_(makeLink(*this))
{
    const ClusterSpec& spec = *config_.get().cluster;
    if (!spec.fenceCommand.empty())
        fenceAgent_ = std::make_unique<FenceAgent>(parts.loop.get(), spec,
                                                   [this](const FenceOutcome& o) { fenced(o); });
}

ClusterCoordinator::~ClusterCoordinator()
{
    if (board_)
        board_->setBoardListener({});
}

void ClusterCoordinator::start()
{
    gate_ = std::make_unique<RequestGate>(apiBus_, busnames::kDefaultAdminGroup, audit_);
    object_ = std::make_unique<ClusterObject>(apiBus_, *gate_, static_cast<ClusterSource&>(*this));
    peers_.setObject(object_.get());
    peers_.setAskBoard([this](cluster::NodeId node) { askBoard(node); });
    const std::string& group = config_.get().cluster->cpgGroup;
    log::info("cluster: joining CPG group " + group + " as node " + config_.get().manager.nodeName);
    link_->start(group);
}

void ClusterCoordinator::reconfigured()
{
    handle(arbiter_.reconfigure(config_.get()));
    viewWork_.trigger();
}

PairOfGroup ClusterCoordinator::pairOf(const std::string& group) const
{
    for (const cluster::PairView& p : arbiter_.pairs())
        if (p.group == group)
            return pairOfGroup(p, config_.get().manager.nodeName);
    return {};
}

// ---- the engine's side ---------------------------------------------------------

void ClusterCoordinator::perform(const Action& action)
{
    auto touched = [this](const std::string& group) {
        const GroupRuntime* g = engine_.findGroup(group);
        if (g && g->spec->redundancy != Redundancy::None)
            halvesChanged_ = true;
    };
    std::visit(Overloaded{
                   [&](const StateChanged& a) { touched(a.group); },
                   [&](const GroupUpdated& a) { touched(a.group); },
                   [&](const GroupAdopted& a) { touched(a.group); },
                   [&](const RequestActivation& a) { touched(a.group); },
                   kIgnoreOthers,
               },
               action);
}

void ClusterCoordinator::batchDone()
{
    // Inside handle() the settle loop below picks the change up.
    if (halvesChanged_ && !settling_)
        handle({});
}

void ClusterCoordinator::handle(cluster::ClusterActions actions)
{
    if (settling_) {
        carry(actions);
        return;
    }
    settling_ = true;
    carry(actions);
    for (int round = 0; halvesChanged_; ++round) {
        halvesChanged_ = false;
        if (round == kMaxSettleRounds) {
            log::error("cluster: the engine and the pair arbiter do not settle; halves reported again later");
            break;
        }
        carry(arbiter_.onLocalHalves(cluster::reportHalves(engine_)));
    }
    settling_ = false;
    announceHalves();
    armTimer();
}

void ClusterCoordinator::carry(const cluster::ClusterActions& actions)
{
    for (const cluster::ClusterAction& action : actions)
        std::visit(Overloaded{
                       [&](const cluster::Multicast& a) { multicast(a.message); },
                       [&](const cluster::SetRunTarget& a) {
                           log::info("cluster: " + a.group + " on this node to be " + toString(a.target) +
                                     (a.reason.empty() ? "" : ": " + a.reason));
                           executor_.execute(engine_.setRunTarget(a.group, a.target, a.reason));
                       },
                       [&](const cluster::SetLead&) { viewWork_.trigger(); },
                       [&](const cluster::FenceNode& a) { fence(a); },
                       [&](const cluster::FenceThroughBoard& a) { fenceThroughBoard(a); },
                       [&](const cluster::Failover& a) {
                           log::failover(a.group, a.fromNode, a.toNode, a.reason);
                           if (object_)
                               object_->failover(a.group, a.fromNode, a.toNode, a.reason);
                       },
                       [&](const cluster::PairFrozen& a) {
                           log::pairFrozen(a.group, a.frozen, a.why);
                           if (object_)
                               object_->pairFrozen(a.group, a.frozen, a.why);
                       },
                       [&](const cluster::SwitchoverEnded& a) { switchoverEnded(a); },
                       [&](const cluster::ClusterViewChanged&) { viewWork_.trigger(); },
                   },
                   action);
}

// Every node that keeps the pair says it, so the node that asked (and a
// pgmctl waiting on it) hears a refusal or an abandonment at once.
void ClusterCoordinator::switchoverEnded(const cluster::SwitchoverEnded& a)
{
    const std::string outcome = cluster::toString(a.outcome);
    log::switchoverEnded(a.group, a.fromNode, a.toNode, a.byNode, outcome, a.reason);
    if (object_)
        object_->switchoverEnded(a.group, a.fromNode, a.toNode, a.byNode, outcome, a.reason);
}

void ClusterCoordinator::multicast(const cluster::Message& message)
{
    const std::string bytes = cluster::encode(message);
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    switch (link_->multicast({data, bytes.size()})) {
    case cluster::SendResult::Queued: break;
    case cluster::SendResult::NotJoined:
        // The arbiter sends its report again after joining.
        log::debug("cluster: not joined, a message of " + std::to_string(bytes.size()) + " bytes not sent");
        break;
    case cluster::SendResult::TooLarge:
        log::error("cluster: a message of " + std::to_string(bytes.size()) +
                   " bytes is too large for corosync; not sent");
        break;
    }
}

// After every event, though halves change in the arbiter's picture only
// when a report or a fence outcome is delivered: so the births and deaths
// come in the agreed order, the same on every node.
void ClusterCoordinator::announceHalves()
{
    for (const cluster::HalfEvent& event : halfKeys_.update(arbiter_.pairs(), arbiter_.nodes())) {
        const bool born = std::holds_alternative<cluster::HalfBorn>(event);
        const cluster::HalfKey& key =
            born ? std::get<cluster::HalfBorn>(event).key : std::get<cluster::HalfDied>(event).key;
        const std::string reason = born ? std::string() : std::get<cluster::HalfDied>(event).reason;
        log::info("cluster: " + key.group + ": the active half on " + key.node + " (incarnation " +
                  std::to_string(key.incarnation) + ") " + (born ? "was born" : "died: " + reason));
        if (!object_)
            continue;
        const std::vector<std::string> clients = bus_.interestedClients(key.group);
        if (clients.empty())
            continue;
        try {
            if (born)
                object_->sendHalfBorn(clients, key.group, key.node, key.incarnation);
            else
                object_->sendHalfDied(clients, key.group, key.node, key.incarnation, reason);
        } catch (const std::exception& e) {
            log::warning("cluster: telling the clients interested in " + key.group + " failed: " + e.what());
        }
    }
}

void ClusterCoordinator::armTimer()
{
    if (auto at = arbiter_.nextDeadline())
        timer_.armAt(*at);
    else
        timer_.disarm();
}

// ---- fencing ---------------------------------------------------------------------

void ClusterCoordinator::fence(const cluster::FenceNode& request)
{
    if (!fenceAgent_) {
        // The arbiter picks a fencer only among nodes that said they can fence.
        handle(arbiter_.onFenceDone(request.node, false, "no FenceCommand= on this node"));
        return;
    }
    log::warning("cluster: fencing node " + request.nodeName + " (id " + std::to_string(request.node) + ")");
    fencing_[request.nodeName] = request.node;
    if (!fenceAgent_->fence(request.nodeName))
        log::info("cluster: a fence of " + request.nodeName + " is already under way");
}

void ClusterCoordinator::fenced(const FenceOutcome& outcome)
{
    auto it = fencing_.find(outcome.node);
    if (it == fencing_.end())
        return;
    const cluster::NodeId id = it->second;
    fencing_.erase(it);
    (outcome.off ? log::info : log::warning)("cluster: fence of " + outcome.node + ": " +
                                              (outcome.off ? "off" : "failed") + ", " + outcome.detail);
    handle(arbiter_.onFenceDone(id, outcome.off, outcome.detail));
}

// ---- corosync's side ------------------------------------------------------------

void ClusterCoordinator::joined(cluster::NodeId self)
{
    connection_ = "connected";
    log::info("cluster: joined as node id " + std::to_string(self));
    handle(arbiter_.onJoined(self));
    peers_.joined(self, link_->configuredNodes(), link_->localLinkAddresses());
    viewWork_.trigger();
}

void ClusterCoordinator::membershipChanged(const cluster::MembershipChange& change)
{
    // Names before the change: a node that left is still known by it.
    logMembers(change.left, "left");
    // The diagnosis first: its question to the board (PEER_QUERY) goes out
    // before the arbiter's fence request, so the board's answer still tells
    // whether the peer was alive before anyone switched it off.
    peers_.membershipChanged(change);
    handle(arbiter_.onMembership(change));
    logMembers(change.joined, "joined");
    viewWork_.trigger();
}

void ClusterCoordinator::logMembers(const std::vector<cluster::MemberEvent>& events, const char* verb)
{
    for (const cluster::MemberEvent& e : events) {
        const std::string name = nodeName(e.node);
        log::info("cluster: pgmd on node " + (name.empty() ? "id " : name + ", id ") + std::to_string(e.node) +
                  " " + verb + " (" + cluster::toString(e.reason) + ")");
        if (object_)
            object_->membershipChanged(name, e.node, cluster::toString(e.reason));
    }
}

std::string ClusterCoordinator::nodeName(cluster::NodeId id) const
{
    for (const cluster::NodeView& n : arbiter_.nodes())
        if (n.id == id)
            return n.name;
    return {};
}

void ClusterCoordinator::delivered(cluster::NodeId from, std::uint32_t, std::span<const std::uint8_t> bytes)
{
    std::string error;
    const auto message =
        cluster::decode({reinterpret_cast<const char*>(bytes.data()), bytes.size()}, &error);
    if (!message) {
        ++dropped_;
        log::debug("cluster: dropped a message from node id " + std::to_string(from) + ": " + error + " (" +
                   std::to_string(dropped_) + " dropped so far)");
        return;
    }
    handle(arbiter_.onMessage(from, *message));
}

void ClusterCoordinator::quorumChanged(const cluster::QuorumState& quorum)
{
    if (quorum.quorate != quorate_)
        log::info(std::string("cluster: this node is ") + (quorum.quorate ? "quorate" : "not quorate"));
    quorate_ = quorum.quorate;
    handle(arbiter_.onQuorum(quorum));
    viewWork_.trigger();
}

void ClusterCoordinator::linksChanged(const std::vector<cluster::LinkState>& links)
{
    links_ = links;
    peers_.linksChanged(links);
    viewWork_.trigger();
}

void ClusterCoordinator::disconnected(cluster::LossReason reason, const std::string& detail)
{
    connection_ = connectionAfter(reason);
    const std::string why = std::string(cluster::toString(reason)) + (detail.empty() ? "" : ": " + detail);
    log::warning("cluster: lost the CPG group (" + why + "); every paired half here becomes standby");
    handle(arbiter_.onDisconnected(why));
    viewWork_.trigger();
}

// ---- the bus's side ----------------------------------------------------------------

ClusterInfo ClusterCoordinator::cluster() const
{
    ClusterInfo info;
    info.localNode = config_.get().manager.nodeName;
    info.groupName = config_.get().cluster->cpgGroup;
    info.localNodeId = link_->localNode().value_or(0);
    info.connection = connection_;
    info.quorate = quorate_;
    info.synced = arbiter_.synced();
    describeNodes(arbiter_.nodes(), info);
    describePairs(arbiter_.pairs(), info);
    info.links = describeLinks(links_);
    peers_.describe(info);
    for (ClusterBoardViewInfo& b : info.boardViews)
        for (const cluster::NodeView& n : arbiter_.nodes())
            if (n.id == b.nodeId)
                b.host = n.boardHost;
    return info;
}

OpResult ClusterCoordinator::switchover(const std::string& group, const std::string& node)
{
    const GroupSpec* spec = specOf(config_.get(), group);
    if (!spec)
        return {OpError::NoSuchGroup, "No group named '" + group + "'"};
    if (spec->redundancy == Redundancy::None)
        return {OpError::NotPaired, group + " is not paired across computers (Redundancy=none)"};
    for (const cluster::PairView& p : arbiter_.pairs())
        if (p.group == group && p.frozen)
            return {OpError::PairDefinitionMismatch, "the pair " + group + " is frozen: " + p.frozenWhy};
    if (!link_->isJoined())
        return {OpError::InvalidState, "not connected to the cluster (" + connection_ + ")"};
    cluster::SwitchoverResult result = arbiter_.switchover(group, node);
    if (!result.refusal.empty())
        return {OpError::InvalidState, result.refusal};
    log::info("cluster: switch-over of " + group + (node.empty() ? "" : " to " + node) + " requested");
    handle(std::move(result.actions));
    return {};
}

ClusterKey ClusterCoordinator::key(const std::string& group) const
{
    const GroupSpec* spec = specOf(config_.get(), group);
    if (!spec)
        return {{OpError::NoSuchGroup, "No group named '" + group + "'"}};
    if (spec->redundancy == Redundancy::None)
        return {{OpError::NotPaired, group + " is not paired across computers (Redundancy=none)"}};
    for (const cluster::PairView& p : arbiter_.pairs())
        if (p.group == group)
            return activeHalfOf(p);
    return {};
}

void ClusterCoordinator::publishView()
{
    if (object_)
        object_->propertiesChanged();
    const std::vector<cluster::PairView> pairs = arbiter_.pairs();
    for (const FencingNotice& n : fencingNotices(pairs, needsFencing_))
        log::needsFencing(n.group, n.node, n.needed, n.text);
    // Owners, Lead and Mate on the group objects follow the arbiter's view.
    for (const cluster::PairView& p : pairs)
        bus_.groupChanged(p.group);
}

} // namespace pgmd
