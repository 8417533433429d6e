#pragma once
// pgmd's one connection to the cluster engine, as an interface: join a CPG
// group, multicast in agreed order, and hear what corosync says about the
// group, quorum and links, already translated into the plain values of
// core/cluster/membership.hpp. The real one (corosync_link.hpp) talks to
// corosync; tests use a fake with the same contract. Neither decides
// anything: what a node going down means is the pair arbiter's business.

#include "core/cluster/membership.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pgmd::cluster {

enum class LossReason {
    Unreachable,  // corosync is not running or closed the connection (it may be restarting)
    Evicted,      // a membership change left this process out of its own group
    Refused,      // corosync kept refusing a message (bounded retries used up)
};

const char* toString(LossReason);

// What the link reports. Calls come from the event loop, in the order
// corosync delivered them; a listener may call multicast() from inside them.
class ClusterListener {
public:
    virtual ~ClusterListener() = default;
    // This process is a member of the group; `self` is the local node id.
    // The membership change that made it a member follows at once.
    virtual void joined(NodeId self) = 0;
    // A configuration change of the group, in agreed order with messages.
    virtual void membershipChanged(const MembershipChange& change) = 0;
    // A message, in agreed order; the sender's own messages come back too.
    virtual void delivered(NodeId from, std::uint32_t pid, std::span<const std::uint8_t> bytes) = 0;
    // votequorum's view changed (local, not ordered with the group).
    virtual void quorumChanged(const QuorumState& quorum) = 0;
    // knet links to the other nodes (enabled links only), when they changed
    // (corosync's tracked link stats, a membership or quorum change) or when
    // refreshLinks() asked.
    virtual void linksChanged(const std::vector<LinkState>& links) = 0;
    // The link lost the group. It reconnects by itself and reports joined()
    // again; until then multicast() refuses.
    virtual void disconnected(LossReason reason, const std::string& detail) = 0;
};

enum class SendResult {
    Queued,      // accepted; delivered to every member in agreed order
    NotJoined,   // not a member right now (starting, or reconnecting)
    TooLarge,    // above corosync's atomic message size
};

class ClusterLink {
public:
    virtual ~ClusterLink() = default;
    // Connects (retrying until corosync answers) and joins `group`.
    virtual void start(const std::string& group) = 0;
    // Leaves the group on purpose (the others see Leave) and disconnects.
    virtual void stop() = 0;
    virtual SendResult multicast(std::span<const std::uint8_t> bytes) = 0;
    // The local node id once known (after the first connection).
    virtual std::optional<NodeId> localNode() const = 0;
    virtual bool isJoined() const = 0;
    // Reads the links now and reports them even if unchanged.
    virtual void refreshLinks() = 0;
    // The node ids of corosync's nodelist, this node included (empty until
    // the first connection, or without a nodelist).
    virtual std::vector<NodeId> configuredNodes() const { return {}; }
    // This node's address of each knet link (the nodelist's ringL_addr):
    // what tells which local interface a link runs on.
    virtual std::map<unsigned, std::string> localLinkAddresses() const { return {}; }
};

} // namespace pgmd::cluster
