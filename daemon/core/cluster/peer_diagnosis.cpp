#include "core/cluster/peer_diagnosis.hpp"

#include <algorithm>
#include <array>

namespace pgmd::cluster {

namespace {

// How far a link reaches: to another peer (then the fault is on this peer's
// side), to no peer it is known for, with at least two to compare (then it
// is shared: this node's NIC or the switch), or there is nothing to compare
// (two nodes).
enum class Reach { OtherPeerUp, DownToEveryPeer, NothingToCompare };

struct CauseRow {
    Carrier carrier;  // Unknown in a row: any carrier but Down
    Reach reach;
    LinkCause cause;
};

// A carrier down here wins over everything: this node's NIC (or its cable).
// Without it, a link that still reaches another peer points at the peer's NIC;
// one down to every peer points at the switch when the local carrier is
// known up, and tells nothing when it is not known.
constexpr std::array kCauses{
    CauseRow{Carrier::Up, Reach::OtherPeerUp, LinkCause::PeerNic},
    CauseRow{Carrier::Unknown, Reach::OtherPeerUp, LinkCause::PeerNic},
    CauseRow{Carrier::Up, Reach::DownToEveryPeer, LinkCause::Switch},
    CauseRow{Carrier::Unknown, Reach::DownToEveryPeer, LinkCause::Unknown},
    CauseRow{Carrier::Up, Reach::NothingToCompare, LinkCause::Unknown},
    CauseRow{Carrier::Unknown, Reach::NothingToCompare, LinkCause::Unknown},
};

Verdict verdictOfCause(LinkCause cause)
{
    switch (cause) {
    case LinkCause::PeerNic: return Verdict::PeerNic;
    case LinkCause::LocalNic: return Verdict::LocalNic;
    case LinkCause::Switch: return Verdict::Switch;
    case LinkCause::Unknown: return Verdict::LinkDown;
    }
    return Verdict::LinkDown;
}

const char* causeWords(LinkCause cause)
{
    switch (cause) {
    case LinkCause::PeerNic: return "the peer's NIC (the link still reaches the other peers)";
    case LinkCause::LocalNic: return "this node's NIC (no carrier on its interface)";
    case LinkCause::Switch: return "the switch (down to every peer, local carrier up)";
    case LinkCause::Unknown: return "cause unknown (no third node to compare, or the carrier is not known)";
    }
    return "";
}

const char* cpgWords(CpgPresence p)
{
    switch (p) {
    case CpgPresence::Never: return "pgmd not seen in the group";
    case CpgPresence::Present: return "pgmd in the group";
    case CpgPresence::ProcessDown: return "CPG: pgmd's process down, node still a member";
    case CpgPresence::NodeDown: return "CPG: node down";
    case CpgPresence::Left: return "CPG: pgmd left the group";
    }
    return "";
}

std::string facts(const std::map<unsigned, bool>& links, const std::map<unsigned, LinkCause>& causes,
                  BoardPeerView board, CpgPresence cpg, std::size_t nodes)
{
    std::string out = cpgWords(cpg);
    out += "; links:";
    if (links.empty())
        out += " none reported";
    for (const auto& [link, connected] : links) {
        out += " " + std::to_string(link) + (connected ? " up" : " down");
        if (auto c = causes.find(link); !connected && c != causes.end())
            out += std::string(" (") + toString(c->second) + ")";
        out += ",";
    }
    if (out.back() == ',')
        out.pop_back();
    out += std::string("; board: ") + toString(board) + "; " + std::to_string(nodes) + " nodes";
    return out;
}

bool sameVerdict(const PeerVerdict& a, const PeerVerdict& b)
{
    return a.verdict == b.verdict && a.link == b.link && a.lost == b.lost && a.degraded == b.degraded;
}

} // namespace

const char* toString(Carrier c)
{
    switch (c) {
    case Carrier::Unknown: return "unknown";
    case Carrier::Up: return "up";
    case Carrier::Down: return "down";
    }
    return "unknown";
}

const char* toString(CpgPresence p)
{
    switch (p) {
    case CpgPresence::Never: return "never";
    case CpgPresence::Present: return "present";
    case CpgPresence::ProcessDown: return "process-down";
    case CpgPresence::NodeDown: return "node-down";
    case CpgPresence::Left: return "left";
    }
    return "never";
}

const char* toString(Verdict v)
{
    switch (v) {
    case Verdict::Healthy: return "healthy";
    case Verdict::PeerPgmdDown: return "peer-pgmd-down";
    case Verdict::PeerHostDown: return "peer-host-down";
    case Verdict::PeerNic: return "peer-nic";
    case Verdict::LocalNic: return "local-nic";
    case Verdict::Switch: return "switch";
    case Verdict::Partition: return "partition";
    case Verdict::LinkDown: return "link-down";
    case Verdict::Unreachable: return "unreachable";
    }
    return "healthy";
}

const char* toString(LinkCause c)
{
    switch (c) {
    case LinkCause::PeerNic: return "peer-nic";
    case LinkCause::LocalNic: return "local-nic";
    case LinkCause::Switch: return "switch";
    case LinkCause::Unknown: return "unknown";
    }
    return "unknown";
}

PeerDiagnosis::Peer& PeerDiagnosis::peer(NodeId node)
{
    return peers_[node];
}

std::size_t PeerDiagnosis::nodeCount() const
{
    return std::max(configuredCount_, peers_.size() + 1);
}

Carrier PeerDiagnosis::carrierOf(unsigned link) const
{
    auto it = carriers_.find(link);
    return it == carriers_.end() ? Carrier::Unknown : it->second;
}

DiagnosisEvents PeerDiagnosis::onNodes(NodeId self, const std::vector<NodeId>& configured)
{
    self_ = self;
    peers_.erase(self);
    configuredCount_ = configured.size();
    for (NodeId n : configured)
        if (n != self)
            peer(n);
    return rediagnose();
}

DiagnosisEvents PeerDiagnosis::onMembership(const MembershipChange& change)
{
    for (const MemberEvent& e : change.left) {
        if (e.node == self_)
            continue;
        CpgPresence p = CpgPresence::Left;
        if (e.reason == MemberReason::ProcessDown)
            p = CpgPresence::ProcessDown;
        else if (e.reason == MemberReason::NodeDown)
            p = CpgPresence::NodeDown;
        peer(e.node).cpg = p;
    }
    for (NodeId n : change.members)
        if (n != self_)
            peer(n).cpg = CpgPresence::Present;
    return rediagnose();
}

DiagnosisEvents PeerDiagnosis::onLinks(const std::vector<LinkState>& links)
{
    for (const LinkState& l : links) {
        if (l.node == self_ || !l.enabled)
            continue;
        peer(l.node).links[l.link] = l.connected;
    }
    return rediagnose();
}

DiagnosisEvents PeerDiagnosis::onCarrier(unsigned link, Carrier carrier)
{
    carriers_[link] = carrier;
    return rediagnose();
}

DiagnosisEvents PeerDiagnosis::onBoardPeer(NodeId node, BoardPeerView view)
{
    if (node == self_)
        return {};
    peer(node).board = view;
    return rediagnose();
}

LinkCause PeerDiagnosis::causeOf(NodeId node, unsigned link) const
{
    const Carrier carrier = carrierOf(link);
    if (carrier == Carrier::Down)
        return LinkCause::LocalNic;
    bool otherUp = false;
    std::size_t known = 0, down = 0;
    for (const auto& [id, p] : peers_) {
        auto it = p.links.find(link);
        if (it == p.links.end())
            continue;
        ++known;
        if (!it->second)
            ++down;
        else if (id != node)
            otherUp = true;
    }
    Reach reach = otherUp ? Reach::OtherPeerUp
                 : (known >= 2 && down == known) ? Reach::DownToEveryPeer
                                                 : Reach::NothingToCompare;
    for (const CauseRow& row : kCauses)
        if (row.carrier == carrier && row.reach == reach)
            return row.cause;
    return LinkCause::Unknown;
}

PeerVerdict PeerDiagnosis::judge(const Peer& p) const
{
    PeerVerdict v;
    const std::string why = facts(p.links, p.causes, p.board, p.cpg, nodeCount());
    const bool seen = p.cpg != CpgPresence::Never;
    auto says = [&](Verdict verdict, std::string lead, bool lost) {
        v.verdict = verdict;
        v.lost = lost;
        v.evidence = std::move(lead) + " — " + why;
        return v;
    };

    // The board's confirmation outweighs every other source.
    if (p.board == BoardPeerView::Off)
        return says(Verdict::PeerHostDown, "the board confirmed its power off", true);
    if (p.board == BoardPeerView::Fencing)
        return says(Verdict::PeerHostDown, "the board is switching its power off", true);

    const auto up = static_cast<std::size_t>(
        std::count_if(p.links.begin(), p.links.end(), [](const auto& l) { return l.second; }));
    const std::size_t downCount = p.links.size() - up;
    // Out of corosync's membership is unreachable, whatever link states
    // corosync's statistics still show (they are sampled every 1.5 s).
    const bool reachable = p.cpg != CpgPresence::NodeDown && (p.links.empty() || up > 0);

    if (reachable) {
        std::optional<unsigned> firstDown;
        for (const auto& [link, connected] : p.links)
            if (!connected) {
                firstDown = link;
                break;
            }
        if (p.cpg != CpgPresence::Present)
            return says(Verdict::PeerPgmdDown,
                        seen ? "its node is reachable but its pgmd is not in the group"
                             : "its node is reachable but its pgmd has not joined the group",
                        seen);
        if (!firstDown)
            return says(Verdict::Healthy, "in the group, every link up", false);
        const LinkCause cause = p.causes.count(*firstDown) ? p.causes.at(*firstDown) : LinkCause::Unknown;
        v.link = firstDown;
        v.degraded = true;
        return says(verdictOfCause(cause),
                    "link " + std::to_string(*firstDown) + " down: " + causeWords(cause) + "; " +
                        std::to_string(up) + " link(s) still up: degraded redundancy, nothing taken over",
                    false);
    }

    // Unreachable on every link (or corosync says the node is down).
    if (p.board == BoardPeerView::Silent)
        return says(Verdict::PeerHostDown,
                    "unreachable (every link down or out of the membership) and the board hears no heartbeat from it",
                    true);
    if (p.board == BoardPeerView::Alive)
        return says(Verdict::Partition,
                    "unreachable (every link down or out of the membership) but the board hears its heartbeat: a "
                    "partition",
                    true);
    if (downCount > 0) {
        std::optional<LinkCause> common;
        bool same = true;
        for (const auto& [link, cause] : p.causes) {
            if (common && *common != cause)
                same = false;
            common = cause;
        }
        if (same && common && p.causes.size() == downCount) {
            v.link = p.causes.begin()->first;
            switch (*common) {
            case LinkCause::LocalNic:
                return says(Verdict::LocalNic, "every link down: no carrier on this node's interfaces", true);
            case LinkCause::Switch:
                return says(Verdict::Switch, "every link down to every peer, local carriers up: the switches",
                            true);
            case LinkCause::PeerNic:
                v.link.reset();
                return says(Verdict::PeerHostDown,
                            "every link to it down while the other peers answer on them: its host (or all "
                            "of its NICs)",
                            true);
            case LinkCause::Unknown: break;
            }
            v.link.reset();
        }
    }
    return says(Verdict::Unreachable,
                "unreachable (every link down or out of the membership); nothing tells its host from the network "
                "(no board view, no third node)",
                true);
}

DiagnosisEvents PeerDiagnosis::rediagnose()
{
    DiagnosisEvents out;
    // Causes first, for every peer: a verdict reads its own causes.
    std::map<NodeId, std::map<unsigned, LinkCause>> causes;
    for (const auto& [id, p] : peers_)
        for (const auto& [link, connected] : p.links)
            if (!connected)
                causes[id][link] = causeOf(id, link);
    for (auto& [id, p] : peers_) {
        std::map<unsigned, LinkCause>& next = causes[id];
        for (const auto& [link, connected] : p.links) {
            auto before = p.causes.find(link);
            if (connected) {
                if (before != p.causes.end())
                    out.emplace_back(std::in_place_type<LinkCameUp>, id, link);
                continue;
            }
            const LinkCause cause = next[link];
            if (before == p.causes.end() || before->second != cause)
                out.emplace_back(std::in_place_type<LinkWentDown>, id, link, cause);
        }
        p.causes = std::move(next);
    }
    std::vector<NodeId> ask;
    for (auto& [id, p] : peers_)
        if (askBoard(p))
            ask.push_back(id);
    for (auto& [id, p] : peers_) {
        PeerVerdict next = judge(p);
        if (!sameVerdict(next, p.verdict))
            out.emplace_back(std::in_place_type<VerdictChanged>, id, next, p.verdict.verdict);
        p.verdict = std::move(next);
    }
    // After the verdicts: the one without the board's answer comes first.
    for (NodeId id : ask)
        out.emplace_back(std::in_place_type<AskBoard>, id);
    return out;
}

bool PeerDiagnosis::askBoard(Peer& p)
{
    const bool anyUp = std::any_of(p.links.begin(), p.links.end(), [](const auto& l) { return l.second; });
    const Outage now{!p.links.empty() && !anyUp, p.cpg == CpgPresence::NodeDown};
    const bool outage = now.everyLinkDown || now.nodeDown;
    // A heartbeat heard (or missed) describes the outage it was asked in:
    // none when the peer is reachable (an answer come late included), and
    // not the next one.
    if ((!outage || !p.asked) && (p.board == BoardPeerView::Alive || p.board == BoardPeerView::Silent))
        p.board = BoardPeerView::Unknown;
    if (!outage) {
        p.asked.reset();
        return false;
    }
    // The board already switches it off, or did: nothing left to ask.
    if (p.board == BoardPeerView::Fencing || p.board == BoardPeerView::Off || p.asked == now)
        return false;
    p.asked = now;
    return true;
}

std::vector<PeerDiagnosisView> PeerDiagnosis::peers() const
{
    std::vector<PeerDiagnosisView> out;
    for (const auto& [id, p] : peers_) {
        PeerDiagnosisView view{id, p.cpg, p.board, {}, p.verdict};
        for (const auto& [link, connected] : p.links) {
            LinkOfPeer l{link, connected, std::nullopt};
            if (auto c = p.causes.find(link); c != p.causes.end())
                l.cause = c->second;
            view.links.push_back(l);
        }
        out.push_back(std::move(view));
    }
    return out;
}

PeerVerdict PeerDiagnosis::verdictOf(NodeId node) const
{
    auto it = peers_.find(node);
    return it == peers_.end() ? PeerVerdict{} : it->second.verdict;
}

} // namespace pgmd::cluster
