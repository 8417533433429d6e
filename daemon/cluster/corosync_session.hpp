#pragma once
// One connection to corosync: a CPG handle joined to the group, a quorum
// handle tracking changes and a cfg handle for link states, each fd watched
// on the loop and dispatched with CS_DISPATCH_ALL (never blocking). It
// retries nothing and decides nothing: CorosyncLink opens a new session when
// this one fails. The C callbacks land here and go out through
// SessionEvents in corosync's terms (cpg_address lists), translated by the
// link.
//
// Link states: corosync has no callback for a knet link going down or up,
// but its stats map can be tracked (cmap_track_add on
// stats.knet.nodeN.linkL.connected, CMAP_MAP_STATS). Corosync compares the
// tracked stats keys on its own stats timer (every 1.5 s in 3.1) and
// notifies a change over the cmap fd: so a link change reaches pgmd as an
// event, at most 1.5 s after knet marked it (knet itself needs about
// token/2). The event only says "look": the link reads every link with
// corosync_cfg_node_status_get, one source for the states it reports.
//
// The calls other than dispatch (join, multicast, node status) are
// synchronous round trips over local IPC to corosync, not network waits.

#include "cluster/session.hpp"

#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"

#include <corosync/cfg.h>
#include <corosync/cmap.h>
#include <corosync/corotypes.h>
#include <corosync/cpg.h>
#include <corosync/quorum.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pgmd::cluster {

class CorosyncSession final : public Session {
public:
    // Connects all handles, joins `group` and starts watching the fds.
    static std::unique_ptr<CorosyncSession> open(pgm::EventLoop& loop, SessionEvents& events,
                                                 const std::string& group, OpenFailure& failure);
    ~CorosyncSession() override;
    CorosyncSession(const CorosyncSession&) = delete;
    CorosyncSession& operator=(const CorosyncSession&) = delete;

    NodeId localNode() const override { return localNode_; }
    std::size_t maxMessageSize() const override { return maxMessage_; }
    const std::vector<NodeId>& configuredNodes() const override { return configuredNodes_; }
    const std::map<unsigned, std::string>& localLinkAddresses() const override { return linkAddresses_; }
    bool tracksLinks() const override { return tracksLinks_; }
    bool dispatching() const override { return dispatching_ > 0; }
    cs_error_t multicast(std::span<const std::uint8_t> bytes) override;  // CPG_TYPE_AGREED
    cs_error_t leave() override;
    std::optional<corosync_cfg_node_status_v1> nodeStatus(NodeId node, cs_error_t& error) override;

private:
    CorosyncSession(pgm::EventLoop& loop, SessionEvents& events);
    bool connect(const std::string& group, OpenFailure& failure);
    void readNodelist();
    void trackLinks();
    void watch(pgm::EventLoop& loop);
    void dispatch(const char* what, cs_error_t (*fn)(std::uint64_t, cs_dispatch_flags_t), std::uint64_t handle);

    static void onDeliver(cpg_handle_t, const cpg_name*, std::uint32_t nodeid, std::uint32_t pid, void* msg,
                          std::size_t len);
    static void onConfchg(cpg_handle_t, const cpg_name*, const cpg_address* members, std::size_t nMembers,
                          const cpg_address* left, std::size_t nLeft, const cpg_address* joined, std::size_t nJoined);
    static void onLinkStat(cmap_handle_t, cmap_track_handle_t, std::int32_t event, const char* key,
                           cmap_notify_value newValue, cmap_notify_value oldValue, void* self);
    static void onQuorum(quorum_handle_t, std::uint32_t quorate, quorum_ring_id, std::uint32_t n,
                         const std::uint32_t* members);

    SessionEvents& events_;
    cpg_handle_t cpg_ = 0;
    quorum_handle_t quorum_ = 0;
    corosync_cfg_handle_t cfg_ = 0;
    cmap_handle_t stats_ = 0;  // the stats map, for tracking link states
    bool tracksLinks_ = false;
    std::map<unsigned, std::string> linkAddresses_;
    cpg_name group_{};
    bool joinedGroup_ = false;
    NodeId localNode_ = 0;
    std::size_t maxMessage_ = 0;
    std::vector<NodeId> configuredNodes_;
    int dispatching_ = 0;
    bool broken_ = false;
    std::unique_ptr<pgm::IoWatch> cpgWatch_, quorumWatch_, cfgWatch_, statsWatch_;
};

} // namespace pgmd::cluster
