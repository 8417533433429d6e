#pragma once
// A corosync in memory for tests of code that uses a ClusterLink: nodes,
// one process (FakeClusterLink) per node in one CPG group, agreed order,
// votequorum's view and knet link states. Events queue up and run() delivers
// them: each event reaches every member before the next one does, so all
// members see the same sequence, as with CPG. What each fault looks like to
// the others follows corosync (DESIGN.md §7):
//   killProcess  -> ProcessDown at the others; the node stays
//   killNode     -> NodeDown at the others; quorum recomputed
//   stopCorosync -> the node's link reports Unreachable; NodeDown at the others
//   evict        -> the node's link reports Evicted and rejoins
// Quorum follows votequorum with one vote per node, two_node for two nodes.

#include "cluster/cluster_link.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace pgmd::cluster::test {

class FakeCorosync;

class FakeClusterLink final : public ClusterLink {
public:
    FakeClusterLink(FakeCorosync& cluster, NodeId node, std::uint32_t pid, ClusterListener& listener);
    ~FakeClusterLink() override;

    void start(const std::string& group) override;
    void stop() override;
    SendResult multicast(std::span<const std::uint8_t> bytes) override;
    std::optional<NodeId> localNode() const override { return node_; }
    bool isJoined() const override { return joined_; }
    void refreshLinks() override;

    std::vector<std::vector<std::uint8_t>> sent;  // what multicast() accepted

private:
    friend class FakeCorosync;
    FakeCorosync& cluster_;
    NodeId node_;
    std::uint32_t pid_;
    ClusterListener& listener_;
    bool started_ = false;
    bool joined_ = false;
    bool dead_ = false;  // its process was killed: it hears nothing any more
};

class FakeCorosync {
public:
    // Nodes of the nodelist; all start with corosync running.
    explicit FakeCorosync(std::vector<NodeId> nodes, std::size_t maxMessage = 1 << 20);

    // Faults and repairs (see the header comment); run() delivers them.
    void killProcess(NodeId node);
    void killNode(NodeId node);
    void bootNode(NodeId node);  // corosync runs again; a started link rejoins
    void stopCorosync(NodeId node);
    void evict(NodeId node);
    void setLinks(NodeId observer, std::vector<LinkState> links);

    // Delivers every queued event (and what listeners queue meanwhile).
    void run();

    QuorumState quorumOf(NodeId node) const;
    bool corosyncRunning(NodeId node) const { return running_.contains(node); }
    std::vector<NodeId> groupMembers() const;

private:
    friend class FakeClusterLink;
    struct Member {
        FakeClusterLink* link;
        std::uint32_t pid;
    };

    void attach(FakeClusterLink& link);
    void detach(FakeClusterLink& link);
    void queue(std::function<void()> event) { events_.push_back(std::move(event)); }
    void join(FakeClusterLink& link);
    void leave(NodeId node, MemberReason reason);
    void message(NodeId from, std::vector<std::uint8_t> bytes);
    void notifyQuorum();
    void tryJoinStartedLinks();
    MembershipChange changeWith(std::vector<MemberEvent> joined, std::vector<MemberEvent> left) const;

    std::vector<NodeId> nodelist_;
    std::size_t maxMessage_;
    std::set<NodeId> running_;
    std::map<NodeId, FakeClusterLink*> links_;
    std::map<NodeId, Member> members_;  // the CPG group
    std::map<NodeId, std::vector<LinkState>> linkStates_;
    std::deque<std::function<void()>> events_;
};

} // namespace pgmd::cluster::test
