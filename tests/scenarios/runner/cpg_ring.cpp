#include "cpg_ring.hpp"

#include <algorithm>
#include <stdexcept>

namespace pgmd::scenario {

void CpgRing::addHost(const std::string& name, cluster::NodeId id)
{
    hosts_[name].id = id;
}

cluster::NodeId CpgRing::id(const std::string& name) const
{
    const auto it = hosts_.find(name);
    if (it == hosts_.end())
        throw std::runtime_error("no host " + name + " in the ring");
    return it->second.id;
}

std::string CpgRing::nameOf(cluster::NodeId id) const
{
    for (const auto& [name, h] : hosts_)
        if (h.id == id)
            return name;
    return "node#" + std::to_string(id);
}

std::set<std::string> CpgRing::ringOf(const std::string& name) const
{
    std::set<std::string> reached;
    if (!hosts_.at(name).up)
        return reached;
    std::vector<std::string> todo{name};
    reached.insert(name);
    while (!todo.empty()) {
        const std::string at = todo.back();
        todo.pop_back();
        for (const auto& [other, h] : hosts_)
            if (h.up && !reached.count(other) && network_.connected(at, other)) {
                reached.insert(other);
                todo.push_back(other);
            }
    }
    return reached;
}

void CpgRing::push(MonoTime at, const std::string& to,
                   std::variant<cluster::MembershipChange, RingMessage, cluster::QuorumState> what)
{
    pending_.push_back(RingDelivery{at, seq_++, to, std::move(what)});
}

void CpgRing::setHost(const std::string& name, bool up, MonoTime now)
{
    Host& h = hosts_.at(name);
    h.up = up;
    if (!up) {
        h.pgmd = false;
        h.view.clear();
        h.quorate.reset();
    }
    // A host that starts is seen within a token round; one that dies only
    // after token + consensus.
    announce(now, !up);
}

void CpgRing::setPgmd(const std::string& name, bool joined, bool crashed, MonoTime now)
{
    Host& h = hosts_.at(name);
    h.pgmd = joined && h.up;
    if (h.pgmd)
        justJoined_.insert(name);
    h.crashed = !joined && crashed;
    if (!h.pgmd) {
        h.view.clear();
    } else {
        // A client that connects learns the quorum at once (quorum_getquorate).
        h.quorate.reset();
    }
    announce(now, false);
}

void CpgRing::topologyChanged(MonoTime now)
{
    announce(now, true);
}

// Tells every member whose view changed; `slow` when hosts came or went,
// which corosync notices only after token + consensus.
void CpgRing::announce(MonoTime now, bool slow)
{
    const Duration detection = settings_.token * 22 / 10;
    const std::size_t total = hosts_.size();
    for (auto& [name, h] : hosts_) {
        if (!h.up)
            continue;
        const std::set<std::string> ring = ringOf(name);
        const Duration wait = slow ? detection : settings_.delay;
        // Quorum is the host's, whether or not its pgmd runs.
        bool quorate = ring.size() * 2 > total;
        if (settings_.twoNode)
            quorate = h.everQuorate || ring.size() == total;
        if (ring.size() == total)
            h.everQuorate = true;
        if (h.pgmd && h.quorate != quorate) {
            h.quorate = quorate;
            cluster::QuorumState q{quorate, {}};
            for (const std::string& n : ring)
                q.members.push_back(hosts_.at(n).id);
            std::sort(q.members.begin(), q.members.end());
            push(now + wait, name, q);
        }
        if (!h.pgmd)
            continue;
        std::set<std::string> view;
        for (const std::string& n : ring)
            if (hosts_.at(n).pgmd)
                view.insert(n);
        if (view == h.view)
            continue;
        cluster::MembershipChange change;
        for (const std::string& n : view)
            change.members.push_back(hosts_.at(n).id);
        std::sort(change.members.begin(), change.members.end());
        // One that just joined is told of itself alone, as cpg_join's first
        // confchg does; the members already there are in `members`.
        for (const std::string& n : h.view.empty() ? std::set<std::string>{name} : view)
            if (!h.view.count(n)) {
                // A pgmd that just joined, or one on a host the ring merged back.
                const bool merged = !justJoined_.count(n);
                change.joined.push_back({hosts_.at(n).id, 0,
                                         merged ? cluster::MemberReason::NodeUp : cluster::MemberReason::Join});
            }
        for (const std::string& n : h.view)
            if (!view.count(n)) {
                const Host& gone = hosts_.at(n);
                cluster::MemberReason why = cluster::MemberReason::NodeDown;
                if (gone.up && ring.count(n))
                    why = gone.crashed ? cluster::MemberReason::ProcessDown : cluster::MemberReason::Leave;
                change.left.push_back({gone.id, 0, why});
            }
        h.view = view;
        push(now + wait, name, change);
    }
    justJoined_.clear();
}

void CpgRing::multicast(const std::string& from, const std::string& bytes, MonoTime now)
{
    if (!hosts_.at(from).pgmd)
        return;
    for (const std::string& n : ringOf(from))
        if (hosts_.at(n).pgmd)
            push(now + settings_.delay, n, RingMessage{from, bytes});
}

std::optional<MonoTime> CpgRing::nextDelivery() const
{
    std::optional<MonoTime> next;
    for (const RingDelivery& d : pending_)
        if (!next || d.at < *next)
            next = d.at;
    return next;
}

std::vector<RingDelivery> CpgRing::takeDue(MonoTime now)
{
    std::vector<RingDelivery> due;
    std::vector<RingDelivery> later;
    for (RingDelivery& d : pending_)
        (d.at <= now ? due : later).push_back(std::move(d));
    pending_ = std::move(later);
    std::sort(due.begin(), due.end(), [](const RingDelivery& x, const RingDelivery& y) {
        return x.at != y.at ? x.at < y.at : x.seq < y.seq;
    });
    std::erase_if(due, [&](const RingDelivery& d) {
        const Host& to = hosts_.at(d.to);
        if (!to.up || !to.pgmd)
            return true;
        if (const auto* m = std::get_if<RingMessage>(&d.what))
            return !ringOf(m->from).count(d.to);
        return false;
    });
    return due;
}

} // namespace pgmd::scenario
