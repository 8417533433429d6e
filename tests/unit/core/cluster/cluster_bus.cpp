#include "cluster_bus.hpp"

#include <algorithm>

namespace pgmd::cluster::test {

GroupSpec makeClusteredGroup(const std::string& name, Redundancy redundancy, std::vector<std::string> nodes,
                             unsigned activeCount, StandbyKind standby)
{
    GroupSpec g = pgmd::test::makeGroup(name, Layer::Application, {name + ".service"});
    g.redundancy = redundancy;
    g.nodes = std::move(nodes);
    g.activeCount = redundancy == Redundancy::LeadActive ? static_cast<unsigned>(g.nodes.size()) : activeCount;
    g.standby = standby;
    return g;
}

Config makeNodeConfig(const std::string& node, std::vector<GroupSpec> groups, bool canFence)
{
    for (GroupSpec& g : groups)
        if (!g.nodes.empty())
            g.role = g.nodes.front() == node ? Role::Primary : Role::Alternate;
    Config c = pgmd::test::makeConfig(std::move(groups));
    c.manager.nodeName = node;
    c.cluster = ClusterSpec{};
    if (canFence)
        c.cluster->fenceCommand = {"/usr/sbin/fence_sim"};
    return c;
}

SimNode::SimNode(std::string n, NodeId i, Config config, pgm::ManualClock& clock)
    : name(std::move(n)), id(i), host(std::move(config), clock)
{
}

GroupState SimNode::target(const std::string& group) const
{
    auto it = targets.find(group);
    return it == targets.end() ? GroupState::Unavailable : it->second;
}

PairView SimNode::pair(const std::string& group) const
{
    for (PairView& v : arbiter->pairs())
        if (v.group == group)
            return v;
    throw std::runtime_error("no pair " + group + " on " + name);
}

NodeView SimNode::view(const std::string& node) const
{
    for (NodeView& v : arbiter->nodes())
        if (v.name == node)
            return v;
    throw std::runtime_error(name + " knows nothing of " + node);
}

SimNode& ClusterBus::add(const std::string& name, NodeId id, Config config)
{
    nodes_.push_back(std::make_unique<SimNode>(name, id, std::move(config), clock_));
    return *nodes_.back();
}

SimNode& ClusterBus::node(const std::string& name)
{
    for (auto& n : nodes_)
        if (n->name == name)
            return *n;
    throw std::runtime_error("no node " + name);
}

std::vector<SimNode*> ClusterBus::membersOf(int side) const
{
    std::vector<SimNode*> out;
    for (const auto& n : nodes_)
        if (n->arbiter && n->powered && n->side == side)
            out.push_back(n.get());
    std::sort(out.begin(), out.end(), [](SimNode* a, SimNode* b) { return a->id < b->id; });
    return out;
}

void ClusterBus::handle(SimNode& n, ClusterActions actions)
{
    for (ClusterAction& a : actions) {
        n.log.push_back(a);
        if (auto* m = std::get_if<Multicast>(&a)) {
            queue_.push_back({n.id, n.side, encode(m->message)});
        } else if (auto* t = std::get_if<SetRunTarget>(&a)) {
            if (t->target == GroupState::Standby)
                deferredStandbys_.emplace_back(&n, *t);
            else
                applyRunTarget(n, *t);
        } else if (auto* l = std::get_if<SetLead>(&a)) {
            n.leads[l->group] = l->lead;
        } else if (auto* f = std::get_if<FenceNode>(&a)) {
            n.fenceRequests.push_back(*f);
        } else if (auto* fo = std::get_if<Failover>(&a)) {
            n.failovers.push_back(*fo);
        } else if (auto* fr = std::get_if<PairFrozen>(&a)) {
            n.frozen.push_back(*fr);
        } else if (auto* se = std::get_if<SwitchoverEnded>(&a)) {
            n.switchoversEnded.push_back(*se);
        }
    }
    if (n.arbiter)
        for (HalfEvent& e : n.halfKeys.update(n.arbiter->pairs(), n.arbiter->nodes()))
            n.halfEvents.push_back(std::move(e));
}

void ClusterBus::applyRunTarget(SimNode& n, const SetRunTarget& t)
{
    n.targets[t.group] = t.target;
    n.host.process(n.host.engine->setRunTarget(t.group, t.target, t.reason));
    refreshHalves(n);
}

void ClusterBus::applyDeferredStandbys()
{
    while (!deferredStandbys_.empty()) {
        auto [n, t] = deferredStandbys_.front();
        deferredStandbys_.erase(deferredStandbys_.begin());
        if (n->powered)
            applyRunTarget(*n, t);
        checkInvariant("standby carried out at " + n->name);
    }
}

void ClusterBus::refreshHalves(SimNode& n)
{
    if (n.arbiter)
        handle(n, n.arbiter->onLocalHalves(reportHalves(*n.host.engine)));
}

void ClusterBus::joinArbiter(SimNode& n)
{
    n.arbiter = std::make_unique<PairArbiter>(n.host.config, clock_);
    handle(n, n.arbiter->onJoined(n.id));
    handle(n, n.arbiter->onQuorum(QuorumState{n.quorate, {}}));
    refreshHalves(n);
}

void ClusterBus::membershipChange(int side, const std::vector<MemberEvent>& joined,
                                  const std::vector<MemberEvent>& left)
{
    MembershipChange change;
    change.joined = joined;
    change.left = left;
    const std::vector<SimNode*> members = membersOf(side);
    for (SimNode* m : members)
        change.members.push_back(m->id);
    for (SimNode* m : members) {
        handle(*m, m->arbiter->onMembership(change));
        checkInvariant("membership change at " + m->name);
    }
    applyDeferredStandbys();
}

void ClusterBus::maybeDeliver()
{
    applyDeferredStandbys();
    if (!hold)
        deliverAll();
}

void ClusterBus::deliverAll()
{
    while (!queue_.empty()) {
        Queued q = queue_.front();
        queue_.pop_front();
        std::string error;
        std::optional<Message> message = decode(q.bytes, &error);
        if (!message) {
            ADD_FAILURE() << "undecodable message from node " << q.from << ": " << error;
            continue;
        }
        for (SimNode* m : membersOf(q.side)) {
            handle(*m, m->arbiter->onMessage(q.from, *message));
            checkInvariant("a message from node " + std::to_string(q.from) + " delivered at " + m->name);
        }
        applyDeferredStandbys();
    }
}

void ClusterBus::start(const std::string& name)
{
    deliverAll();
    SimNode& n = node(name);
    n.host.boot();
    joinArbiter(n);
    membershipChange(n.side, {{n.id, 1, MemberReason::Join}}, {});
    maybeDeliver();
}

void ClusterBus::startTogether(const std::vector<std::string>& names)
{
    deliverAll();
    std::vector<MemberEvent> joined;
    int side = 0;
    for (const std::string& name : names) {
        SimNode& n = node(name);
        n.host.boot();
        joinArbiter(n);
        joined.push_back({n.id, 1, MemberReason::Join});
        side = n.side;
    }
    membershipChange(side, joined, {});
    maybeDeliver();
}

void ClusterBus::crashPgmd(const std::string& name)
{
    deliverAll();
    SimNode& n = node(name);
    n.arbiter.reset();
    membershipChange(n.side, {}, {{n.id, 1, MemberReason::ProcessDown}});
    maybeDeliver();
}

void ClusterBus::restartPgmd(const std::string& name)
{
    deliverAll();
    SimNode& n = node(name);
    joinArbiter(n);
    membershipChange(n.side, {{n.id, 2, MemberReason::Join}}, {});
    maybeDeliver();
}

void ClusterBus::isolate(const std::string& name, int side)
{
    deliverAll();
    SimNode& n = node(name);
    const int old = n.side;
    std::vector<MemberEvent> othersLeft;
    for (SimNode* m : membersOf(old))
        if (m != &n)
            othersLeft.push_back({m->id, 1, MemberReason::NodeDown});
    n.side = side;
    membershipChange(old, {}, {{n.id, 1, MemberReason::NodeDown}});
    membershipChange(side, {}, othersLeft);
    maybeDeliver();
}

void ClusterBus::heal()
{
    deliverAll();
    std::vector<MemberEvent> joined;
    for (auto& n : nodes_)
        if (n->side != 0 && n->powered) {
            n->side = 0;
            joined.push_back({n->id, 1, MemberReason::NodeUp});
        }
    membershipChange(0, joined, {});
    maybeDeliver();
}

void ClusterBus::setQuorate(const std::string& name, bool quorate)
{
    SimNode& n = node(name);
    n.quorate = quorate;
    if (n.arbiter)
        handle(n, n.arbiter->onQuorum(QuorumState{quorate, {}}));
    checkInvariant("quorum change at " + name);
    maybeDeliver();
}

void ClusterBus::fenceDone(const std::string& fencer, const std::string& target, bool off, const std::string& detail,
                           bool lies)
{
    SimNode& f = node(fencer);
    SimNode& t = node(target);
    // The agent confirmed it off: its groups no longer run.
    if (off && !lies)
        switchOff(t.name);
    handle(f, f.arbiter->onFenceDone(t.id, off, detail));
    maybeDeliver();
}

void ClusterBus::switchOff(const std::string& target)
{
    SimNode& t = node(target);
    t.powered = false;
    t.arbiter.reset();
    t.targets.clear();
}

void ClusterBus::local(const std::string& name, const std::function<ClusterActions(PairArbiter&)>& input)
{
    SimNode& n = node(name);
    handle(n, input(*n.arbiter));
    applyDeferredStandbys();
    refreshHalves(n);
    checkInvariant("a local input at " + name);
    maybeDeliver();
}

void ClusterBus::run(const std::string& name, const OperatorResult& result)
{
    SimNode& n = node(name);
    n.host.run(result);
    refreshHalves(n);
    checkInvariant("engine work at " + name);
    maybeDeliver();
}

void ClusterBus::kill(const std::string& name, const std::string& unit)
{
    SimNode& n = node(name);
    n.host.kill(unit);
    refreshHalves(n);
    maybeDeliver();
}

void ClusterBus::reconfigure(const std::string& name, Config next)
{
    SimNode& n = node(name);
    n.host.reconfigure(std::move(next));
    if (n.arbiter)
        handle(n, n.arbiter->reconfigure(n.host.reloadedConfigs.back()));
    refreshHalves(n);
    maybeDeliver();
}

SwitchoverResult ClusterBus::switchover(const std::string& on, const std::string& group, const std::string& to)
{
    SimNode& n = node(on);
    SwitchoverResult r = n.arbiter->switchover(group, to);
    handle(n, r.actions);
    maybeDeliver();
    return r;
}

void ClusterBus::advance(Duration d)
{
    const MonoTime end = clock_.monotonic() + d;
    while (true) {
        std::optional<MonoTime> next;
        auto consider = [&](std::optional<MonoTime> t) {
            if (t && (!next || *t < *next))
                next = t;
        };
        for (auto& n : nodes_) {
            if (!n->powered)
                continue;
            consider(n->host.engine->nextDeadline());
            if (n->arbiter)
                consider(n->arbiter->nextDeadline());
        }
        if (!next || *next > end)
            break;
        if (*next > clock_.monotonic())
            clock_.advance(*next - clock_.monotonic());
        const MonoTime now = clock_.monotonic();
        for (auto& n : nodes_) {
            if (!n->powered)
                continue;
            if (auto t = n->host.engine->nextDeadline(); t && *t <= now) {
                n->host.process(n->host.engine->onTimer());
                refreshHalves(*n);
            }
            if (n->arbiter)
                if (auto t = n->arbiter->nextDeadline(); t && *t <= now)
                    handle(*n, n->arbiter->onTimer());
            checkInvariant("timers at " + n->name);
        }
        maybeDeliver();
    }
    clock_.advance(end - clock_.monotonic());
}

unsigned ClusterBus::activeTargets(const std::string& group, int side) const
{
    unsigned count = 0;
    for (const auto& n : nodes_)
        if (n->powered && n->side == side && n->target(group) == GroupState::Active)
            ++count;
    return count;
}

std::vector<std::string> ClusterBus::activeNodes(const std::string& group) const
{
    std::vector<std::string> out;
    for (const auto& n : nodes_)
        if (n->powered && n->host.engine->findGroup(group) && n->state(group) == GroupState::Active)
            out.push_back(n->name);
    return out;
}

// The safety property: across the whole cluster, partitions included (a node
// cut off still runs its halves until it is fenced), never more active or
// claiming halves of a group than ActiveCount= allows.
void ClusterBus::checkInvariant(const std::string& after) const
{
    if (!checkInvariants)
        return;
    for (const auto& spec : nodes_.front()->host.config.groups) {
        if (spec.redundancy == Redundancy::None)
            continue;
        unsigned targets = 0, claims = 0;
        for (const auto& n : nodes_) {
            if (!n->powered)
                continue;
            // Told active, and still following it: a half that went down
            // does not run, and comes back standby whatever it was told.
            const GroupRuntime* g = n->host.engine->findGroup(spec.name);
            if (n->target(spec.name) == GroupState::Active && g && g->runTarget == GroupState::Active &&
                !g->held && g->state != GroupState::Unavailable && g->state != GroupState::Offline)
                ++targets;
            for (const HalfReport& h : reportHalves(*n->host.engine))
                if (h.group == spec.name && h.claims)
                    ++claims;
        }
        EXPECT_LE(targets, spec.activeCount) << spec.name << ": too many run targets active after " << after;
        EXPECT_LE(claims, spec.activeCount) << spec.name << ": too many halves claim after " << after;
    }
}

} // namespace pgmd::cluster::test
