#include "fake_cluster.hpp"

#include <algorithm>
#include <stdexcept>

namespace pgmd::cluster::test {

FakeClusterLink::FakeClusterLink(FakeCorosync& cluster, NodeId node, std::uint32_t pid, ClusterListener& listener)
    : cluster_(cluster), node_(node), pid_(pid), listener_(listener)
{
    cluster_.attach(*this);
}

FakeClusterLink::~FakeClusterLink()
{
    cluster_.detach(*this);
}

void FakeClusterLink::start(const std::string&)
{
    started_ = true;
    if (!cluster_.corosyncRunning(node_)) {
        listener_.disconnected(LossReason::Unreachable, "cpg_model_initialize: CS_ERR_LIBRARY");
        return;
    }
    cluster_.queue([this] { cluster_.join(*this); });
}

void FakeClusterLink::stop()
{
    started_ = false;
    if (joined_) {
        joined_ = false;
        NodeId node = node_;
        cluster_.queue([c = &cluster_, node] { c->leave(node, MemberReason::Leave); });
    }
}

SendResult FakeClusterLink::multicast(std::span<const std::uint8_t> bytes)
{
    if (!joined_)
        return SendResult::NotJoined;
    if (bytes.size() > cluster_.maxMessage_)
        return SendResult::TooLarge;
    sent.emplace_back(bytes.begin(), bytes.end());
    cluster_.queue([c = &cluster_, node = node_, b = sent.back()] { c->message(node, b); });
    return SendResult::Queued;
}

void FakeClusterLink::refreshLinks()
{
    auto it = cluster_.linkStates_.find(node_);
    listener_.linksChanged(it == cluster_.linkStates_.end() ? std::vector<LinkState>{} : it->second);
}

FakeCorosync::FakeCorosync(std::vector<NodeId> nodes, std::size_t maxMessage)
    : nodelist_(std::move(nodes)), maxMessage_(maxMessage), running_(nodelist_.begin(), nodelist_.end())
{
}

void FakeCorosync::attach(FakeClusterLink& link)
{
    if (!links_.emplace(link.node_, &link).second)
        throw std::logic_error("one FakeClusterLink per node");
}

void FakeCorosync::detach(FakeClusterLink& link)
{
    links_.erase(link.node_);
    if (members_.contains(link.node_))
        leave(link.node_, MemberReason::ProcessDown);
}

void FakeCorosync::killProcess(NodeId node)
{
    if (auto it = links_.find(node); it != links_.end()) {
        it->second->dead_ = true;
        it->second->joined_ = false;
    }
    queue([this, node] {
        if (members_.contains(node))
            leave(node, MemberReason::ProcessDown);
    });
}

void FakeCorosync::killNode(NodeId node)
{
    if (auto it = links_.find(node); it != links_.end()) {
        it->second->dead_ = true;
        it->second->joined_ = false;
    }
    running_.erase(node);
    queue([this, node] {
        if (members_.contains(node))
            leave(node, MemberReason::NodeDown);
        notifyQuorum();
    });
}

void FakeCorosync::bootNode(NodeId node)
{
    running_.insert(node);
    queue([this] {
        notifyQuorum();
        tryJoinStartedLinks();
    });
}

void FakeCorosync::stopCorosync(NodeId node)
{
    running_.erase(node);
    if (auto it = links_.find(node); it != links_.end() && it->second->joined_) {
        it->second->joined_ = false;
        it->second->listener_.disconnected(LossReason::Unreachable, "cpg_dispatch: CS_ERR_LIBRARY");
    }
    queue([this, node] {
        if (members_.contains(node))
            leave(node, MemberReason::NodeDown);
        notifyQuorum();
    });
}

void FakeCorosync::evict(NodeId node)
{
    auto it = links_.find(node);
    if (it == links_.end() || !it->second->joined_)
        return;
    it->second->joined_ = false;
    it->second->listener_.disconnected(LossReason::Evicted, "this process is missing from the group's member list");
    queue([this, node] {
        if (members_.contains(node))
            leave(node, MemberReason::NodeDown);
        tryJoinStartedLinks();
    });
}

void FakeCorosync::setLinks(NodeId observer, std::vector<LinkState> links)
{
    linkStates_[observer] = std::move(links);
    if (auto it = links_.find(observer); it != links_.end() && !it->second->dead_)
        it->second->listener_.linksChanged(linkStates_[observer]);
}

void FakeCorosync::run()
{
    while (!events_.empty()) {
        auto event = std::move(events_.front());
        events_.pop_front();
        event();
    }
}

QuorumState FakeCorosync::quorumOf(NodeId node) const
{
    QuorumState q;
    if (!running_.contains(node))
        return q;
    q.members.assign(running_.begin(), running_.end());
    // two_node: a survivor keeps quorum alone (wait_for_all is not modelled).
    q.quorate = nodelist_.size() == 2 ? !q.members.empty() : q.members.size() * 2 > nodelist_.size();
    return q;
}

std::vector<NodeId> FakeCorosync::groupMembers() const
{
    std::vector<NodeId> ids;
    for (const auto& [node, member] : members_)
        ids.push_back(node);
    return ids;
}

MembershipChange FakeCorosync::changeWith(std::vector<MemberEvent> joined, std::vector<MemberEvent> left) const
{
    return {groupMembers(), std::move(joined), std::move(left)};
}

void FakeCorosync::join(FakeClusterLink& link)
{
    if (link.dead_ || !link.started_ || link.joined_ || !running_.contains(link.node_) || members_.contains(link.node_))
        return;
    members_[link.node_] = {&link, link.pid_};
    link.joined_ = true;
    MembershipChange change = changeWith({{link.node_, link.pid_, MemberReason::Join}}, {});
    link.listener_.joined(link.node_);
    for (const auto& [node, member] : members_)
        member.link->listener_.membershipChanged(change);
    link.listener_.quorumChanged(quorumOf(link.node_));
}

void FakeCorosync::leave(NodeId node, MemberReason reason)
{
    auto it = members_.find(node);
    if (it == members_.end())
        return;
    std::uint32_t pid = it->second.pid;
    members_.erase(it);
    MembershipChange change = changeWith({}, {{node, pid, reason}});
    for (const auto& [other, member] : members_)
        member.link->listener_.membershipChanged(change);
}

void FakeCorosync::message(NodeId from, std::vector<std::uint8_t> bytes)
{
    auto sender = members_.find(from);
    if (sender == members_.end())
        return;  // it left before its message came round: never delivered
    std::uint32_t pid = sender->second.pid;
    for (const auto& [node, member] : members_)
        member.link->listener_.delivered(from, pid, bytes);
}

void FakeCorosync::notifyQuorum()
{
    for (const auto& [node, link] : links_)
        if (!link->dead_ && running_.contains(node) && link->joined_)
            link->listener_.quorumChanged(quorumOf(node));
}

void FakeCorosync::tryJoinStartedLinks()
{
    for (const auto& [node, link] : links_)
        if (link->started_ && !link->dead_ && !link->joined_)
            join(*link);
}

} // namespace pgmd::cluster::test
