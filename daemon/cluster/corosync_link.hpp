#pragma once
// The ClusterLink on a real corosync: keeps one CorosyncSession open,
// opening a new one on a timer whenever corosync is absent, starting,
// restarting, or has evicted this process; retries a multicast that corosync
// answers with CS_ERR_TRY_AGAIN (flow control) a bounded number of times on a
// timer, keeping the order of what was queued; reads link states on
// membership changes, when corosync's tracked link stats change, when asked,
// and on a timer while a link is down (so that no recovery is missed).
// Everything runs on the pgm::EventLoop thread; nothing sleeps or blocks
// beyond local IPC round trips.

#include "cluster/cluster_link.hpp"
#include "cluster/session.hpp"

#include "common/loop/event_loop.hpp"
#include "common/loop/event_sources.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pgmd::cluster {

struct CorosyncLinkOptions {
    // Reconnecting: the first retry after this, doubling up to the maximum.
    pgm::Duration reconnectFirst = std::chrono::milliseconds(100);
    pgm::Duration reconnectMax = std::chrono::seconds(2);
    // A multicast refused with CS_ERR_TRY_AGAIN: retried this often, this
    // many times; then the link counts as lost (LossReason::Refused).
    pgm::Duration sendRetry = std::chrono::milliseconds(20);
    unsigned sendAttempts = 100;
    // Link states are read again this often while one is down: corosync's
    // tracking samples every 1.5 s and misses a link down and up again
    // between two samples (and some corosyncs cannot track at all).
    pgm::Duration linkRefresh = std::chrono::seconds(1);
};

class CorosyncLink final : public ClusterLink, private SessionEvents {
public:
    // Throws std::system_error if the loop's sources cannot be created.
    // `openSession` defaults to a CorosyncSession on `loop`; tests pass a fake.
    CorosyncLink(pgm::EventLoop& loop, ClusterListener& listener, CorosyncLinkOptions options = {},
                 SessionOpener openSession = {});
    ~CorosyncLink() override;
    CorosyncLink(const CorosyncLink&) = delete;
    CorosyncLink& operator=(const CorosyncLink&) = delete;

    void start(const std::string& group) override;
    void stop() override;
    SendResult multicast(std::span<const std::uint8_t> bytes) override;
    std::optional<NodeId> localNode() const override { return self_; }
    bool isJoined() const override { return joined_; }
    void refreshLinks() override { readLinks(true); }
    std::vector<NodeId> configuredNodes() const override { return configuredNodes_; }
    std::map<unsigned, std::string> localLinkAddresses() const override { return linkAddresses_; }

private:
    struct Loss {
        LossReason reason;
        std::string detail;
    };

    void connect();
    void scheduleReconnect();
    // Losing the session is always finished outside corosync's callbacks.
    void lose(LossReason reason, std::string detail);
    void finishLoss();
    void reportLoss(const Loss& loss);
    void flushQueue();
    void readLinks(bool always);
    // Whether what the session reports still counts: not after stop() or a loss.
    bool listening() const;

    void cpgConfigurationChanged(std::span<const cpg_address> members, std::span<const cpg_address> left,
                                 std::span<const cpg_address> joined) override;
    void cpgDelivered(NodeId from, std::uint32_t pid, std::span<const std::uint8_t> bytes) override;
    void quorumNotified(bool quorate, std::span<const std::uint32_t> members) override;
    void linkStatsChanged() override;
    void sessionBroken(const std::string& detail) override;

    ClusterListener& listener_;
    SessionOpener openSession_;
    CorosyncLinkOptions options_;
    std::string group_;
    bool started_ = false;
    std::unique_ptr<Session> session_;
    std::optional<NodeId> self_;
    std::uint32_t pid_;
    bool joined_ = false;
    // One disconnected() per outage, until joined() again.
    bool lossReported_ = false;
    std::optional<Loss> pendingLoss_;
    bool retiring_ = false;  // stopped inside a callback; the session goes after it
    pgm::Duration reconnectDelay_;
    std::deque<std::vector<std::uint8_t>> outgoing_;
    unsigned sendAttempts_ = 0;
    std::set<NodeId> knownNodes_;
    std::vector<NodeId> configuredNodes_;
    std::map<unsigned, std::string> linkAddresses_;
    std::optional<std::vector<LinkState>> lastLinks_;
    pgm::MonotonicTimer reconnectTimer_;
    pgm::MonotonicTimer sendTimer_;
    pgm::MonotonicTimer linkTimer_;
    pgm::DeferredWork lossWork_;
    pgm::DeferredWork linkWork_;
};

} // namespace pgmd::cluster
