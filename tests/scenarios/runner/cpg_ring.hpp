#pragma once
// A simulated corosync CPG group on the scenario's fake clock: the agreed
// order and virtual synchrony pgmd relies on, without corosync. Hosts that
// can reach each other over up links (directly or through others) form one
// ring; each ring delivers its members' multicasts to all of them in one
// order, and tells each member of every change of the group's membership,
// with corosync's reasons: a crashed pgmd or a host that starts is seen
// after `delay`, a host that died or was cut off only after token +
// consensus (2.2 x token).

#include "link.hpp"

#include "core/cluster/membership.hpp"
#include "core/time.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace pgmd::scenario {

struct RingSettings {
    Duration delay{std::chrono::milliseconds(1)};  // one multicast, sender to every member
    Duration token{std::chrono::seconds(1)};
    bool twoNode = false;  // corosync's two_node: each half of a split keeps quorum
};

struct RingMessage {
    std::string from;
    std::string bytes;
};

struct RingDelivery {
    MonoTime at;
    std::uint64_t seq = 0;  // the agreed order among deliveries due at the same moment
    std::string to;
    std::variant<cluster::MembershipChange, RingMessage, cluster::QuorumState> what;
};

class CpgRing {
public:
    CpgRing(const Network& network, RingSettings settings) : network_(network), settings_(settings) {}

    void addHost(const std::string& name, cluster::NodeId id);
    cluster::NodeId id(const std::string& name) const;
    std::string nameOf(cluster::NodeId id) const;

    // The host runs (or not); its pgmd is in the group (or left: crashed,
    // or stopped cleanly). Each call recomputes the rings.
    void setHost(const std::string& name, bool up, MonoTime now);
    void setPgmd(const std::string& name, bool joined, bool crashed, MonoTime now);
    // A link went up or down.
    void topologyChanged(MonoTime now);

    // The sender's ring, as it is now, receives it after `delay`.
    void multicast(const std::string& from, const std::string& bytes, MonoTime now);

    std::optional<MonoTime> nextDelivery() const;
    // Due by `now`, in agreed order; a message is dropped for a member that
    // left the sender's ring before it arrived.
    std::vector<RingDelivery> takeDue(MonoTime now);

private:
    struct Host {
        cluster::NodeId id = 0;
        bool up = false;
        bool pgmd = false;
        bool crashed = false;                // its pgmd left by dying, not by cpg_leave
        std::set<std::string> view;          // the membership it was last told (or will be)
        std::optional<bool> quorate;         // what it was last told
        bool everQuorate = false;
    };
    std::set<std::string> ringOf(const std::string& name) const;  // up hosts reachable from it
    void announce(MonoTime now, bool slow);
    void push(MonoTime at, const std::string& to,
              std::variant<cluster::MembershipChange, RingMessage, cluster::QuorumState> what);

    const Network& network_;
    RingSettings settings_;
    std::map<std::string, Host> hosts_;
    std::set<std::string> justJoined_;  // pgmds that joined since the last announcement
    std::vector<RingDelivery> pending_;
    std::uint64_t seq_ = 0;
};

} // namespace pgmd::scenario
