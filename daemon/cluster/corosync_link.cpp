#include "cluster/corosync_link.hpp"

#include "cluster/corosync_session.hpp"
#include "cluster/corosync_translate.hpp"

#include <unistd.h>

#include <algorithm>

namespace pgmd::cluster {

namespace {

SessionOpener corosyncSessions(pgm::EventLoop& loop)
{
    return [&loop](SessionEvents& events, const std::string& group, OpenFailure& failure) -> std::unique_ptr<Session> {
        return CorosyncSession::open(loop, events, group, failure);
    };
}

} // namespace

CorosyncLink::CorosyncLink(pgm::EventLoop& loop, ClusterListener& listener, CorosyncLinkOptions options,
                           SessionOpener openSession)
    : listener_(listener)
    , openSession_(openSession ? std::move(openSession) : corosyncSessions(loop))
    , options_(options)
    , pid_(static_cast<std::uint32_t>(::getpid()))
    , reconnectDelay_(options.reconnectFirst)
    , reconnectTimer_(loop.get(), [this] { connect(); }, "corosync-reconnect")
    , sendTimer_(loop.get(), [this] { flushQueue(); }, "corosync-send-retry")
    , linkTimer_(loop.get(), [this] { readLinks(false); }, "corosync-link-refresh")
    , lossWork_(loop.get(), [this] { finishLoss(); }, "corosync-loss")
    , linkWork_(loop.get(), [this] { readLinks(false); }, "corosync-links")
{
}

CorosyncLink::~CorosyncLink() = default;

void CorosyncLink::start(const std::string& group)
{
    group_ = group;
    started_ = true;
    reconnectDelay_ = options_.reconnectFirst;
    connect();
}

void CorosyncLink::stop()
{
    started_ = false;
    reconnectTimer_.disarm();
    sendTimer_.disarm();
    linkTimer_.disarm();
    outgoing_.clear();
    joined_ = false;
    if (!session_)
        return;
    session_->leave();
    if (session_->dispatching()) {
        // finishLoss() drops it after the callback; until then the rest of
        // corosync's batch is ignored.
        retiring_ = true;
        lossWork_.trigger();
    } else {
        session_.reset();
    }
}

void CorosyncLink::connect()
{
    if (!started_ || session_)
        return;
    OpenFailure failure;
    session_ = openSession_(*this, group_, failure);
    if (!session_) {
        // CS_ERR_LIBRARY: corosync is not running; CS_ERR_TRY_AGAIN: it is
        // starting or synchronising. Both wait for the next attempt.
        reportLoss({LossReason::Unreachable, failure.text()});
        scheduleReconnect();
        return;
    }
    self_ = session_->localNode();
    knownNodes_.insert(session_->configuredNodes().begin(), session_->configuredNodes().end());
    configuredNodes_ = session_->configuredNodes();
    linkAddresses_ = session_->localLinkAddresses();
    // joined() waits for the configuration change that shows this process.
}

void CorosyncLink::scheduleReconnect()
{
    reconnectTimer_.armIn(reconnectDelay_);
    reconnectDelay_ = std::min(reconnectDelay_ * 2, options_.reconnectMax);
}

void CorosyncLink::lose(LossReason reason, std::string detail)
{
    joined_ = false;
    if (!pendingLoss_)
        pendingLoss_ = Loss{reason, std::move(detail)};
    lossWork_.trigger();
}

void CorosyncLink::finishLoss()
{
    session_.reset();
    retiring_ = false;
    joined_ = false;
    outgoing_.clear();
    sendAttempts_ = 0;
    sendTimer_.disarm();
    linkTimer_.disarm();
    lastLinks_.reset();
    std::optional<Loss> loss = std::move(pendingLoss_);
    pendingLoss_.reset();
    if (!started_)
        return;
    if (loss)
        reportLoss(*loss);
    reconnectDelay_ = options_.reconnectFirst;
    scheduleReconnect();
}

void CorosyncLink::reportLoss(const Loss& loss)
{
    if (lossReported_)
        return;
    lossReported_ = true;
    listener_.disconnected(loss.reason, loss.detail);
}

SendResult CorosyncLink::multicast(std::span<const std::uint8_t> bytes)
{
    if (!joined_ || !session_ || pendingLoss_ || retiring_)
        return SendResult::NotJoined;
    if (bytes.size() > session_->maxMessageSize())
        return SendResult::TooLarge;
    outgoing_.emplace_back(bytes.begin(), bytes.end());
    if (!sendTimer_.armed())
        flushQueue();
    return SendResult::Queued;
}

void CorosyncLink::flushQueue()
{
    while (!outgoing_.empty() && session_ && !pendingLoss_) {
        cs_error_t e = session_->multicast(outgoing_.front());
        if (e == CS_OK) {
            outgoing_.pop_front();
            sendAttempts_ = 0;
            continue;
        }
        if (e == CS_ERR_TRY_AGAIN && ++sendAttempts_ < options_.sendAttempts) {
            sendTimer_.armIn(options_.sendRetry);
            return;
        }
        lose(e == CS_ERR_TRY_AGAIN ? LossReason::Refused : LossReason::Unreachable,
             "cpg_mcast_joined: " + csErrorName(e));
        return;
    }
}

void CorosyncLink::readLinks(bool always)
{
    if (!session_ || pendingLoss_)
        return;
    std::vector<LinkState> links;
    for (NodeId node : knownNodes_) {
        if (node == self_)
            continue;
        cs_error_t e = CS_OK;
        if (auto status = session_->nodeStatus(node, e)) {
            auto ofNode = linksFrom(*status);
            links.insert(links.end(), ofNode.begin(), ofNode.end());
        }
    }
    bool degraded = std::any_of(links.begin(), links.end(), [](const LinkState& l) { return !l.connected; });
    // Corosync samples its tracked link stats every 1.5 s: a link that went
    // down and came back between two samples is never notified, though a
    // read here may have seen it down. So while one is down, links are also
    // read on the timer: no recovery is missed.
    if (degraded)
        linkTimer_.armIn(options_.linkRefresh);
    else
        linkTimer_.disarm();
    if (always || !lastLinks_ || links != *lastLinks_) {
        lastLinks_ = links;
        listener_.linksChanged(links);
    }
}

void CorosyncLink::cpgConfigurationChanged(std::span<const cpg_address> members, std::span<const cpg_address> left,
                                           std::span<const cpg_address> joined)
{
    if (!listening())
        return;
    bool selfIncluded = includesProcess(members, *self_, pid_);
    MembershipChange change = membershipFrom(members, left, joined);
    knownNodes_.insert(change.members.begin(), change.members.end());
    if (!joined_) {
        // The first change of a session is our own join.
        if (!selfIncluded)
            return;
        joined_ = true;
        lossReported_ = false;
        reconnectDelay_ = options_.reconnectFirst;
        listener_.joined(*self_);
    } else if (!selfIncluded) {
        lose(LossReason::Evicted, "this process is missing from the group's member list");
        return;
    }
    listener_.membershipChanged(change);
    linkWork_.trigger();
}

void CorosyncLink::cpgDelivered(NodeId from, std::uint32_t pid, std::span<const std::uint8_t> bytes)
{
    if (joined_ && listening())
        listener_.delivered(from, pid, bytes);
}

void CorosyncLink::quorumNotified(bool quorate, std::span<const std::uint32_t> members)
{
    if (!listening())
        return;
    QuorumState quorum{quorate, sortedNodes(members)};
    knownNodes_.insert(quorum.members.begin(), quorum.members.end());
    listener_.quorumChanged(quorum);
    linkWork_.trigger();
}

void CorosyncLink::linkStatsChanged()
{
    // Read outside corosync's callback, once for a burst of changes.
    if (listening())
        linkWork_.trigger();
}

bool CorosyncLink::listening() const
{
    return started_ && session_ && self_ && !pendingLoss_ && !retiring_;
}

void CorosyncLink::sessionBroken(const std::string& detail)
{
    lose(LossReason::Unreachable, detail);
}

} // namespace pgmd::cluster
