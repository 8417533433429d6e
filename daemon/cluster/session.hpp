#pragma once
// What CorosyncLink needs of one connection to corosync, and what the
// connection tells it. CorosyncSession is the real one; unit tests of the
// link's own logic (reconnects, send retries, eviction) script a fake.

#include "core/cluster/membership.hpp"

#include <corosync/cfg.h>
#include <corosync/corotypes.h>
#include <corosync/cpg.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pgmd::cluster {

// From the connection to its owner, in corosync's terms.
class SessionEvents {
public:
    virtual ~SessionEvents() = default;
    virtual void cpgConfigurationChanged(std::span<const cpg_address> members, std::span<const cpg_address> left,
                                         std::span<const cpg_address> joined) = 0;
    virtual void cpgDelivered(NodeId from, std::uint32_t pid, std::span<const std::uint8_t> bytes) = 0;
    virtual void quorumNotified(bool quorate, std::span<const std::uint32_t> members) = 0;
    // A tracked knet link state (stats.knet.nodeN.linkL.connected) changed.
    virtual void linkStatsChanged() = 0;
    // A dispatch failed (corosync went away); the session's fds are no
    // longer watched. Called from the loop, outside any corosync callback.
    virtual void sessionBroken(const std::string& detail) = 0;
};

// Why opening failed: the step and corosync's answer (CS_ERR_TRY_AGAIN: it
// is starting; CS_ERR_LIBRARY: it is absent).
struct OpenFailure {
    std::string step;
    cs_error_t error = CS_OK;
    std::string text() const;
};

class Session {
public:
    virtual ~Session() = default;  // finalizes the handles (no cpg_leave: see leave())
    virtual NodeId localNode() const = 0;
    virtual std::size_t maxMessageSize() const = 0;
    // Node ids of corosync's nodelist, read when the session opened.
    virtual const std::vector<NodeId>& configuredNodes() const = 0;
    // This node's address of each knet link (nodelist ringL_addr), read when
    // the session opened: the link's local interface is the one holding it.
    virtual const std::map<unsigned, std::string>& localLinkAddresses() const = 0;
    // Whether link state changes come as linkStatsChanged() (cmap tracking);
    // without it, a link going down is seen only when links are read for
    // another reason.
    virtual bool tracksLinks() const = 0;
    // True while a corosync callback runs: the session must not go then.
    virtual bool dispatching() const = 0;
    virtual cs_error_t multicast(std::span<const std::uint8_t> bytes) = 0;  // agreed order
    virtual cs_error_t leave() = 0;
    virtual std::optional<corosync_cfg_node_status_v1> nodeStatus(NodeId node, cs_error_t& error) = 0;
};

// Connects and joins `group`; nullptr with `failure` filled in if it cannot.
using SessionOpener =
    std::function<std::unique_ptr<Session>(SessionEvents& events, const std::string& group, OpenFailure& failure)>;

} // namespace pgmd::cluster
