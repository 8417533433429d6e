#pragma once
// One connection to corosync: a CPG handle joined to the group, a quorum
// handle tracking changes and a cfg handle for link states, each fd watched
// on the loop and dispatched with CS_DISPATCH_ALL (never blocking). It
// retries nothing and decides nothing: CorosyncLink opens a new session when
// this one fails. The C callbacks land here and go out through
// SessionEvents in corosync's terms (cpg_address lists), translated by the
// link.
//
// The calls other than dispatch (join, multicast, node status) are
// synchronous round trips over local IPC to corosync, not network waits.

#include "core/cluster/membership.hpp"

#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"

#include <corosync/cfg.h>
#include <corosync/corotypes.h>
#include <corosync/cpg.h>
#include <corosync/quorum.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pgmd::cluster {

class SessionEvents {
public:
    virtual ~SessionEvents() = default;
    virtual void cpgConfigurationChanged(std::span<const cpg_address> members, std::span<const cpg_address> left,
                                         std::span<const cpg_address> joined) = 0;
    virtual void cpgDelivered(NodeId from, std::uint32_t pid, std::span<const std::uint8_t> bytes) = 0;
    virtual void quorumNotified(bool quorate, std::span<const std::uint32_t> members) = 0;
    // A dispatch failed (corosync went away); the session's fds are no
    // longer watched. Called from the loop, outside any corosync callback.
    virtual void sessionBroken(const std::string& detail) = 0;
};

// Why opening failed: the step and corosync's answer, for the report and
// for telling a corosync that is starting (CS_ERR_TRY_AGAIN) from one that
// is absent (CS_ERR_LIBRARY).
struct OpenFailure {
    std::string step;
    cs_error_t error = CS_OK;
    std::string text() const;
};

class CorosyncSession {
public:
    // Connects all handles, joins `group` and starts watching the fds.
    static std::unique_ptr<CorosyncSession> open(pgm::EventLoop& loop, SessionEvents& events,
                                                 const std::string& group, OpenFailure& failure);
    ~CorosyncSession();  // finalizes every handle (without cpg_leave: see leave())
    CorosyncSession(const CorosyncSession&) = delete;
    CorosyncSession& operator=(const CorosyncSession&) = delete;

    NodeId localNode() const { return localNode_; }
    std::size_t maxMessageSize() const { return maxMessage_; }
    // Node ids of corosync's nodelist, read once when the session opened.
    const std::vector<NodeId>& configuredNodes() const { return configuredNodes_; }
    // True while a corosync callback runs: the handles must not be finalized then.
    bool dispatching() const { return dispatching_ > 0; }

    cs_error_t multicast(std::span<const std::uint8_t> bytes);  // CPG_TYPE_AGREED
    cs_error_t leave();
    std::optional<corosync_cfg_node_status_v1> nodeStatus(NodeId node, cs_error_t& error);

private:
    CorosyncSession(pgm::EventLoop& loop, SessionEvents& events);
    bool connect(const std::string& group, OpenFailure& failure);
    void readNodelist();
    void watch(pgm::EventLoop& loop);
    void dispatch(const char* what, cs_error_t (*fn)(std::uint64_t, cs_dispatch_flags_t), std::uint64_t handle);

    static void onDeliver(cpg_handle_t, const cpg_name*, std::uint32_t nodeid, std::uint32_t pid, void* msg,
                          std::size_t len);
    static void onConfchg(cpg_handle_t, const cpg_name*, const cpg_address* members, std::size_t nMembers,
                          const cpg_address* left, std::size_t nLeft, const cpg_address* joined, std::size_t nJoined);
    static void onQuorum(quorum_handle_t, std::uint32_t quorate, quorum_ring_id, std::uint32_t n,
                         const std::uint32_t* members);

    SessionEvents& events_;
    cpg_handle_t cpg_ = 0;
    quorum_handle_t quorum_ = 0;
    corosync_cfg_handle_t cfg_ = 0;
    cpg_name group_{};
    bool joinedGroup_ = false;
    NodeId localNode_ = 0;
    std::size_t maxMessage_ = 0;
    std::vector<NodeId> configuredNodes_;
    int dispatching_ = 0;
    bool broken_ = false;
    std::unique_ptr<pgm::IoWatch> cpgWatch_, quorumWatch_, cfgWatch_;
};

} // namespace pgmd::cluster
