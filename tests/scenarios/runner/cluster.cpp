#include "cluster.hpp"

#include "cluster_text.hpp"
#include "node_verbs.hpp"
#include "words.hpp"

#include "core/action_text.hpp"
#include "core/cluster/half_reports.hpp"
#include "core/cluster/messages.hpp"

#include <map>
#include <stdexcept>

namespace pgmd::scenario {

Cluster::Cluster(const Scenario& scenario)
    : start_(clock_.monotonic()), ring_(network_, scenario.ring), board_(scenario.board, clock_),
      fenceDelay_(scenario.fenceDelay)
{
    cluster::NodeId id = 0;
    for (const NodeDecl& d : scenario.nodes) {
        Node& n = nodes_.emplace_back();
        n.name = d.name;
        n.config = d.config;
        if (scenario.board.present) {
            // Host ids on the board follow the declaration order, like corosync's node ids.
            IndependentComputerSpec board;
            board.link = IcdLinkKind::Serial;
            board.hostId = id + 1;
            board.heartbeatInterval = scenario.board.beatInterval();
            n.config.manager.independentComputer = board;
            board_.addHost(d.name, static_cast<std::uint8_t>(id + 1));
        }
        // Built before boot, so that a script can set up the fake systemd first.
        n.harness = std::make_unique<test::Harness>(n.config, clock_);
        ring_.addHost(d.name, ++id);
    }
    for (const LinkDecl& l : scenario.links) {
        node(l.a);
        node(l.b);
        network_.addLink(l.a, l.b, l.delay);
    }
}

Cluster::Node& Cluster::node(const std::string& name)
{
    for (Node& n : nodes_)
        if (n.name == name)
            return n;
    throw std::runtime_error("no node " + name);
}

void Cluster::say(const std::string& node, const std::string& text)
{
    trace_.push_back(formatOffset(clock_.monotonic() - start_) + " " + node + " " + text);
}

void Cluster::flushEngine(Node& n)
{
    if (!n.harness)
        return;
    for (; n.traced < n.harness->log.size(); ++n.traced)
        if (auto line = describe(n.harness->log[n.traced]))
            say(n.name, *line);
}

void Cluster::settle(Node& n)
{
    flushEngine(n);
    // Each round either changes a half (and so the report) or ends: the
    // bound only turns a ping-pong bug into a clear error.
    for (int round = 0; n.arbiter && n.pgmdRunning; ++round) {
        if (round == 50)
            throw std::runtime_error(n.name + ": engine and arbiter do not settle");
        const cluster::ClusterActions actions = n.arbiter->onLocalHalves(cluster::reportHalves(*n.harness->engine));
        if (actions.empty())
            break;
        carry(n, actions);
    }
    checkActives();
}

void Cluster::carry(Node& n, const cluster::ClusterActions& actions)
{
    for (const cluster::ClusterAction& a : actions) {
        if (auto line = describe(a))
            say(n.name, *line);
        if (const auto* m = std::get_if<cluster::Multicast>(&a)) {
            ring_.multicast(n.name, cluster::encode(m->message), clock_.monotonic());
        } else if (const auto* t = std::get_if<cluster::SetRunTarget>(&a)) {
            n.harness->process(n.harness->engine->setRunTarget(t->group, t->target, t->reason));
            flushEngine(n);
        } else if (const auto* f = std::get_if<cluster::FenceNode>(&a)) {
            fences_.push_back({clock_.monotonic() + fenceDelay_, n.name, ring_.nameOf(f->node)});
        } else if (const auto* b = std::get_if<cluster::FenceThroughBoard>(&a)) {
            board_.fencePeer(n.name, board_.nameOf(b->boardHost), b->activeCount);
        }
    }
}

void Cluster::checkActives()
{
    std::map<std::string, std::vector<std::string>> actives;
    std::map<std::string, unsigned> allowed;
    for (Node& n : nodes_) {
        if (!n.harness)
            continue;
        for (const GroupRuntime& g : n.harness->engine->groups()) {
            if (g.spec->redundancy == Redundancy::None)
                continue;
            allowed[g.spec->name] = g.spec->redundancy == Redundancy::LeadActive
                                        ? static_cast<unsigned>(g.spec->nodes.size())
                                        : g.spec->activeCount;
            if (g.state == GroupState::Active)
                actives[g.spec->name].push_back(n.name);
        }
    }
    for (const auto& [group, where] : actives)
        if (where.size() > allowed[group])
            say("-", "!! more than " + std::to_string(allowed[group]) + " active: " + group + " on " +
                         joinWords(where, 0));
}

void Cluster::bootHost(Node& n)
{
    if (!n.harness) {
        n.harness = std::make_unique<test::Harness>(n.config, clock_);
        n.traced = 0;
    }
    n.booted = true;
    ring_.setHost(n.name, true, clock_.monotonic());
    n.harness->boot();
    startPgmd(n, false);
}

void Cluster::startPgmd(Node& n, bool adopt)
{
    if (adopt) {
        // pgmd restarted on a running host: a new engine restores the old
        // one's state (same boot) and adopts the members still running.
        const PersistedState saved = n.harness->engine->snapshot();
        auto fresh = std::make_unique<test::Harness>(n.config, clock_);
        fresh->running = n.harness->running;
        std::map<std::string, UnitActivity> observed;
        for (const std::string& u : fresh->running)
            observed[u] = UnitActivity::Active;
        fresh->restore(saved);
        n.harness = std::move(fresh);
        n.traced = 0;
        n.harness->boot(observed);
    }
    n.pgmdRunning = true;
    flushEngine(n);
    if (!n.config.cluster)
        return;
    n.arbiter = std::make_unique<cluster::PairArbiter>(n.harness->config, clock_);
    ring_.setPgmd(n.name, true, false, clock_.monotonic());
    carry(n, n.arbiter->onJoined(ring_.id(n.name)));
    if (board_.settings().present) {
        // The link comes up with pgmd; an old board is found out by its first NAK.
        board_.beating(n.name, true, false);
        carry(n, n.arbiter->onBoardAbility(true, "the link is up"));
    }
    settle(n);
}

void Cluster::crashPgmd(Node& n, bool crashed)
{
    n.pgmdRunning = false;
    n.arbiter.reset();
    ring_.setPgmd(n.name, false, crashed, clock_.monotonic());
    // A clean stop disarms the board; a crash leaves it waiting for heartbeats.
    if (board_.settings().present)
        board_.beating(n.name, false, !crashed);
}

// The whole host stops (SIGSTOP of pgmd and corosync, a hung kernel): no
// heartbeats, no corosync, nobody manages the groups, and they keep running
// until something switches the host off.
void Cluster::hangHost(Node& n)
{
    n.arbiter.reset();
    n.pgmdRunning = false;
    n.hung = true;
    ring_.setHost(n.name, false, clock_.monotonic());
    if (board_.settings().present)
        board_.beating(n.name, false, false);
}

void Cluster::hostDown(Node& n)
{
    n.arbiter.reset();
    n.harness.reset();
    n.pgmdRunning = false;
    n.booted = false;
    n.hung = false;
    ring_.setHost(n.name, false, clock_.monotonic());
    if (board_.settings().present)
        board_.beating(n.name, false, false);
}

void Cluster::deliver(const RingDelivery& d)
{
    Node& n = node(d.to);
    if (!n.arbiter)
        return;
    if (const auto* change = std::get_if<cluster::MembershipChange>(&d.what)) {
        say(n.name, describe(*change, [&](cluster::NodeId id) { return ring_.nameOf(id); }));
        carry(n, n.arbiter->onMembership(*change));
    } else if (const auto* q = std::get_if<cluster::QuorumState>(&d.what)) {
        say(n.name, q->quorate ? "Quorate" : "Not quorate");
        carry(n, n.arbiter->onQuorum(*q));
    } else if (const auto* m = std::get_if<RingMessage>(&d.what)) {
        std::string error;
        const auto message = cluster::decode(m->bytes, &error);
        if (!message) {
            say(n.name, "Dropped a message from " + m->from + ": " + error);
            return;
        }
        if (auto line = describeDelivery(*message, m->from))
            say(n.name, *line);
        carry(n, n.arbiter->onMessage(ring_.id(m->from), *message));
    }
    settle(n);
}

void Cluster::fenceEnded(const PendingFence& f)
{
    Node& fencer = node(f.fencer);
    Node& target = node(f.target);
    if (!fencer.arbiter)
        return;  // the fencer went down meanwhile: its agent's run ended with it
    const bool off = !fencer.fenceFails;
    // A lying agent (a misconfigured one, or one that switched off the
    // wrong outlet) confirms off while the target keeps running: what the
    // arbiter then does is all it can, and the trace shows the cost.
    if (off && fencer.fenceLies && target.harness) {
        say("-", "fence agent leaves " + target.name + " running");
    } else if (off && target.harness) {
        say("-", "fence agent switches " + target.name + " off");
        hostDown(target);
    }
    say(fencer.name, std::string("Fence agent: ") + target.name + (off ? " confirmed off" : " failed"));
    carry(fencer, fencer.arbiter->onFenceDone(ring_.id(target.name), off, off ? "confirmed off" : "agent failed"));
    settle(fencer);
}

void Cluster::boardOutput(const BoardOutput& o)
{
    using Kind = BoardOutput::Kind;
    // `by` names the requester of a fence, or else the cause ("heartbeat timeout").
    const bool byHost = board_.hostId(o.by) != 0;
    if (o.kind == Kind::SwitchOff) {
        say("-", "board switches " + o.about + " off (" + (byHost ? "fence request by " + o.by : o.by) + ")");
        Node& target = node(o.about);
        if (target.harness)
            hostDown(target);
        return;
    }
    if (o.kind == Kind::SwitchOn) {
        // The host stays down until the script boots it.
        say("-", "board switches " + o.about + " on");
        return;
    }
    Node& n = node(o.to);
    if (!n.arbiter)
        return;  // no pgmd there to hear it (a notice stays unacknowledged)
    if (o.noticeId != 0)
        board_.acknowledge(n.name, o.noticeId);
    const std::string host = std::to_string(board_.hostId(o.about));
    // The node the board means, as the reports map host ids to nodes.
    const cluster::NodeId about = n.arbiter->nodeOfBoardHost(board_.hostId(o.about));
    const std::string unmapped = about == 0 ? "; no node reports that host id" : "";
    switch (o.kind) {
    case Kind::Ack: say(n.name, "Board: ACK fence of " + o.about); break;
    case Kind::Refused:
        say(n.name, "Board: NAK refused, fence of " + o.about);
        carry(n, n.arbiter->onFenceRefused(about));
        break;
    case Kind::UnknownType:
        say(n.name, "Board: NAK unknown-type, fence of " + o.about);
        carry(n, n.arbiter->onBoardAbility(false, "the independent computer answers FENCE_PEER with NAK unknown-type"));
        break;
    case Kind::NotPeer:
        say(n.name, "Board: NAK " + o.by + ", fence of " + o.about);
        carry(n, n.arbiter->onBoardFenceFailed(about, o.by));
        break;
    case Kind::Fencing:
        say(n.name, "Board notice: host " + host + " (" + o.about + ") fencing, " +
                        (byHost ? "asked by " + o.by : o.by));
        if (o.about == n.name)
            carry(n, n.arbiter->onBeingFenced(byHost ? o.by : ""));
        else if (about != 0)
            carry(n, n.arbiter->onBoardPeer(about, cluster::BoardPeerView::Fencing));
        break;
    case Kind::Off:
        say(n.name, "Board notice: host " + host + " (" + o.about + ") off" + unmapped);
        if (about != 0)
            carry(n, n.arbiter->onBoardFenced(about));
        break;
    case Kind::On:
        // As pgmd: powered on, the board knows nothing yet of its software.
        say(n.name, "Board notice: host " + host + " (" + o.about + ") on" + unmapped);
        if (about != 0)
            carry(n, n.arbiter->onBoardPeer(about, cluster::BoardPeerView::Unknown));
        break;
    case Kind::SwitchOff:
    case Kind::SwitchOn: break;
    }
    settle(n);
}

void Cluster::runUntil(MonoTime until)
{
    while (true) {
        // The earliest of: the nodes' engine and arbiter deadlines, the
        // link's and the ring's deliveries, the fence agents' ends. On a tie,
        // nodes in declaration order, then the link, the ring, the agents.
        enum class Kind { Engine, Arbiter, Link, Ring, Fence, Board } kind = Kind::Engine;
        Node* due = nullptr;
        std::optional<MonoTime> next;
        auto consider = [&](std::optional<MonoTime> t, Kind k, Node* n) {
            if (t && (!next || *t < *next)) {
                next = t;
                kind = k;
                due = n;
            }
        };
        for (Node& n : nodes_) {
            if (!n.pgmdRunning)
                continue;
            consider(n.harness->engine->nextDeadline(), Kind::Engine, &n);
            if (n.arbiter)
                consider(n.arbiter->nextDeadline(), Kind::Arbiter, &n);
        }
        consider(network_.nextDelivery(), Kind::Link, nullptr);
        consider(ring_.nextDelivery(), Kind::Ring, nullptr);
        for (const PendingFence& f : fences_)
            consider(f.at, Kind::Fence, nullptr);
        consider(board_.nextDue(), Kind::Board, nullptr);
        if (!next || *next > until)
            break;
        if (*next > clock_.monotonic())
            clock_.advance(*next - clock_.monotonic());
        switch (kind) {
        case Kind::Engine:
            due->harness->process(due->harness->engine->onTimer());
            settle(*due);
            break;
        case Kind::Arbiter:
            carry(*due, due->arbiter->onTimer());
            settle(*due);
            break;
        case Kind::Link:
            // Engines do not take plain link messages: arriving is all one does.
            for (const Message& m : network_.takeDue(clock_.monotonic()))
                say(m.to, "Received from " + m.from + ": " + m.text);
            break;
        case Kind::Ring:
            for (const RingDelivery& d : ring_.takeDue(clock_.monotonic()))
                deliver(d);
            break;
        case Kind::Fence: {
            std::vector<PendingFence> ended;
            std::erase_if(fences_, [&](const PendingFence& f) {
                if (f.at > clock_.monotonic())
                    return false;
                ended.push_back(f);
                return true;
            });
            for (const PendingFence& f : ended)
                fenceEnded(f);
            break;
        }
        case Kind::Board:
            for (const BoardOutput& o : board_.takeDue())
                boardOutput(o);
            break;
        }
    }
    if (until > clock_.monotonic())
        clock_.advance(until - clock_.monotonic());
}

// The verbs that act on a host or its pgmd as a whole, or on the cluster.
bool Cluster::clusterVerb(Node& n, const std::vector<std::string>& w)
{
    const std::string& v = w[0];
    if (v == "boot") {
        if (n.booted)
            throw std::runtime_error(n.name + " is already up");
        if (board_.settings().present && board_.holdsOff(n.name))
            throw std::runtime_error(n.name + " cannot boot: the board holds its power off");
        bootHost(n);
    } else if (v == "host-down") {
        hostDown(n);
    } else if (v == "host-hang") {
        if (!n.pgmdRunning)
            throw std::runtime_error("host-hang needs a running host with pgmd");
        hangHost(n);
    } else if (v == "pgmd-crash" || v == "pgmd-stop") {
        crashPgmd(n, v == "pgmd-crash");
    } else if (v == "pgmd-start") {
        if (n.pgmdRunning || !n.harness)
            throw std::runtime_error("pgmd-start needs a running host without pgmd");
        startPgmd(n, true);
    } else if (v == "fence-agent") {
        if (w.size() != 2 || (w[1] != "works" && w[1] != "fails" && w[1] != "lies"))
            throw std::runtime_error("fence-agent works|fails|lies");
        n.fenceFails = w[1] == "fails";
        n.fenceLies = w[1] == "lies";
    } else if (v == "operator" && w.size() >= 3 && w[1] == "switchover") {
        if (!n.arbiter)
            throw std::runtime_error(n.name + " has no arbiter running");
        const cluster::SwitchoverResult r = n.arbiter->switchover(w[2], w.size() > 3 ? w[3] : "");
        if (!r.refusal.empty())
            say(n.name, "refused: " + r.refusal);
        carry(n, r.actions);
        settle(n);
    } else {
        return false;
    }
    return true;
}

void Cluster::apply(const Event& e)
{
    const auto& w = e.words;
    if (w[0] == "wait")
        return;
    if (w[0] == "link-down" || w[0] == "link-up") {
        if (w.size() != 3)
            throw std::runtime_error(w[0] + " NODE NODE");
        network_.setUp(w[1], w[2], w[0] == "link-up");
        say("-", w[0] + " " + w[1] + " " + w[2]);
        ring_.topologyChanged(clock_.monotonic());
        return;
    }
    Node& n = node(e.node);
    say(n.name, "> " + joinWords(w, 0));
    if (clusterVerb(n, w))
        return;
    if (!n.harness || n.hung)
        throw std::runtime_error(n.name + ": '" + w[0] + "' while the host is down or hung");
    if (n.booted && !n.pgmdRunning) {
        // Nobody manages the groups: a process dies unseen, and what pgmd
        // finds when it starts again is the next thing that happens.
        if (w[0] == "kill") {
            n.harness->running.erase(w.at(1));
            return;
        }
        throw std::runtime_error(n.name + ": '" + w[0] + "' while its pgmd is not running");
    }
    if (w[0] == "send") {
        if (w.size() < 3)
            throw std::runtime_error("send NODE TEXT...");
        node(w[1]);
        if (!network_.send(n.name, w[1], joinWords(w, 2), clock_.monotonic()))
            say(n.name, "Lost on the way to " + w[1]);
        return;
    }
    const std::vector<std::string> notes = applyNodeVerb(*n.harness, w);
    flushEngine(n);
    for (const std::string& note : notes)
        say(n.name, note);
    if (w[0] == "show" && n.arbiter)
        for (const cluster::PairView& p : n.arbiter->pairs())
            if (p.group == w.at(1))
                say(n.name, describe(p));
    settle(n);
}

std::vector<std::string> Cluster::play(const std::vector<Event>& events)
{
    for (const Event& e : events) {
        runUntil(start_ + e.at);
        try {
            apply(e);
        } catch (const std::exception& ex) {
            throw std::runtime_error("line " + std::to_string(e.line) + ": " + ex.what());
        }
    }
    return trace_;
}

} // namespace pgmd::scenario
