#pragma once
// Why a peer is lost, or which of its links broke (seed 004): a pure
// diagnosis from the evidence pgmd already has, nothing probed. Per peer it
// keeps
//   - CPG's word on the peer's pgmd (in the group, process down, node down,
//     left, never seen),
//   - the state of every knet link to it (corosync's link status),
//   - the local carrier of each link's interface (this node's NIC),
//   - the board's view of the peer's heartbeat (alive, silent, fencing, off),
//   - and the number of nodes (one broken peer NIC can be told apart from a
//     broken switch only with a third node to compare),
// and turns them into a verdict with the evidence in words. The verdict is a
// function of the evidence alone (no clock): it changes only when new
// evidence arrives, and every change comes out as an event.
//
// It also says when the board's view is worth asking for (AskBoard): when a
// peer becomes unreachable on every link or its node leaves the membership,
// and again when that evidence changes, never on a clock. The answer comes
// back through onBoardPeer. A heartbeat view (alive, silent) describes the
// outage it was asked in: forgotten when the peer is reachable again.
//
// It decides nothing about the pairs: a link verdict while another link
// still carries the peer ("degraded redundancy") takes nothing over; the
// pair arbiter goes on seeing the peer present. See README.md.

#include "core/cluster/board_peer_view.hpp"
#include "core/cluster/membership.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pgmd::cluster {

// The local carrier of the interface a link runs on.
enum class Carrier { Unknown, Up, Down };

// What CPG last said of the peer's pgmd.
enum class CpgPresence {
    Never,        // not seen in the group since this pgmd started
    Present,      // in the group
    ProcessDown,  // its pgmd died; the node stayed in the membership
    NodeDown,     // the node left the corosync membership
    Left,         // its pgmd left on purpose (clean stop)
};

enum class Verdict {
    Healthy,       // in the group, every link up
    PeerPgmdDown,  // pgmd gone, the node still reachable
    PeerHostDown,  // unreachable on every link, and the board (or the other peers) say it is the host
    PeerNic,       // link L down to this peer only, up to the others (3+ nodes)
    LocalNic,      // link L down here: the local carrier of its interface is down
    Switch,        // link L down to every peer, local carrier up (3+ nodes)
    Partition,     // every link down, the board sees the peer alive
    LinkDown,      // link L down, cause not to be told (two nodes, or carrier unknown)
    Unreachable,   // every link down, and nothing tells host from network (no board)
};

// Why one link to one peer is down.
enum class LinkCause { PeerNic, LocalNic, Switch, Unknown };

const char* toString(Carrier);
const char* toString(CpgPresence);
const char* toString(Verdict);  // "healthy", "peer-pgmd-down", ...
const char* toString(LinkCause);  // "peer-nic", "local-nic", "switch", "unknown"

struct LinkOfPeer {
    unsigned link = 0;
    bool connected = false;
    std::optional<LinkCause> cause;  // while down
    friend bool operator==(const LinkOfPeer&, const LinkOfPeer&) = default;
};

struct PeerVerdict {
    Verdict verdict = Verdict::Healthy;
    std::optional<unsigned> link;  // the link a link verdict names
    // The peer is lost to this node: not in the group, or unreachable.
    bool lost = false;
    // One link broken, another still carries the peer: nothing is taken over.
    bool degraded = false;
    std::string evidence;
    friend bool operator==(const PeerVerdict&, const PeerVerdict&) = default;
};

// What the diagnosis says when its picture changes.
struct LinkWentDown {
    NodeId node = 0;
    unsigned link = 0;
    LinkCause cause = LinkCause::Unknown;
    friend bool operator==(const LinkWentDown&, const LinkWentDown&) = default;
};
struct LinkCameUp {
    NodeId node = 0;
    unsigned link = 0;
    friend bool operator==(const LinkCameUp&, const LinkCameUp&) = default;
};
struct VerdictChanged {
    NodeId node = 0;
    PeerVerdict verdict;
    Verdict previous = Verdict::Healthy;
    friend bool operator==(const VerdictChanged&, const VerdictChanged&) = default;
};
// Ask the board how it sees the peer's host (PEER_QUERY): the answer tells
// a partition (alive) from a dead host (silent).
struct AskBoard {
    NodeId node = 0;
    friend bool operator==(const AskBoard&, const AskBoard&) = default;
};
using DiagnosisEvent = std::variant<LinkWentDown, LinkCameUp, VerdictChanged, AskBoard>;
using DiagnosisEvents = std::vector<DiagnosisEvent>;

struct PeerDiagnosisView {
    NodeId node = 0;
    CpgPresence cpg = CpgPresence::Never;
    BoardPeerView board = BoardPeerView::Unknown;
    std::vector<LinkOfPeer> links;  // by link number
    PeerVerdict verdict;
};

class PeerDiagnosis {
public:
    // The local node and the node ids of corosync's nodelist (self included:
    // its size is the node count). Peers seen later are added as they come.
    DiagnosisEvents onNodes(NodeId self, const std::vector<NodeId>& configured);
    DiagnosisEvents onMembership(const MembershipChange& change);
    // Every enabled link to every peer, as corosync reports them now; a peer
    // or link missing from the list keeps its last state.
    DiagnosisEvents onLinks(const std::vector<LinkState>& links);
    DiagnosisEvents onCarrier(unsigned link, Carrier carrier);
    DiagnosisEvents onBoardPeer(NodeId node, BoardPeerView view);

    std::vector<PeerDiagnosisView> peers() const;
    // Unknown peers read as healthy and never seen.
    PeerVerdict verdictOf(NodeId node) const;
    std::size_t nodeCount() const;

private:
    // What makes the board's view worth asking for.
    struct Outage {
        bool everyLinkDown = false;
        bool nodeDown = false;
        friend bool operator==(const Outage&, const Outage&) = default;
    };
    struct Peer {
        CpgPresence cpg = CpgPresence::Never;
        BoardPeerView board = BoardPeerView::Unknown;
        std::map<unsigned, bool> links;  // link -> connected
        std::map<unsigned, LinkCause> causes;  // of the links down, as last said
        PeerVerdict verdict;
        // The evidence the board was last asked on, during this outage.
        std::optional<Outage> asked;
    };

    Peer& peer(NodeId node);
    // Recomputes every peer (one peer's links are evidence for the others'
    // causes) and says what changed.
    DiagnosisEvents rediagnose();
    LinkCause causeOf(NodeId node, unsigned link) const;
    PeerVerdict judge(const Peer& p) const;
    // Whether to ask the board about `p` now; forgets the heartbeat view
    // outside the outage it was asked in.
    static bool askBoard(Peer& p);
    Carrier carrierOf(unsigned link) const;

    NodeId self_ = 0;
    std::map<NodeId, Peer> peers_;
    std::map<unsigned, Carrier> carriers_;
    std::size_t configuredCount_ = 0;
};

} // namespace pgmd::cluster
