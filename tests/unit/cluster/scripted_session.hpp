#pragma once
// A Session whose corosync is the test: it scripts what opening and sending
// answer, what node status says, and plays callbacks (confchg, broken) the
// way a dispatch would, to test CorosyncLink's own logic without corosync.

#include "cluster/session.hpp"

#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace pgmd::cluster::test {

class ScriptedCorosync {
public:
    std::deque<cs_error_t> openResults;  // one per attempt; CS_OK once empty
    std::deque<cs_error_t> sendResults;  // one per cpg_mcast_joined; CS_OK once empty
    std::vector<std::string> sent;
    std::map<NodeId, corosync_cfg_node_status_v1> status;
    std::vector<NodeId> nodelist{1, 2};
    NodeId localNode = 1;
    std::map<unsigned, std::string> linkAddresses{{0, "10.0.0.1"}, {1, "10.0.1.1"}};
    bool tracksLinks = false;
    int opens = 0, closes = 0, leaves = 0, statusReads = 0;

    SessionOpener opener();
    bool open() const { return events_ != nullptr; }

    // As cpg_dispatch would call them: inside a "callback".
    void confchg(std::vector<std::pair<NodeId, std::uint32_t>> members,
                 std::vector<std::pair<NodeId, std::uint32_t>> left,
                 std::vector<std::pair<NodeId, std::uint32_t>> joined, std::uint32_t reason);
    void deliver(NodeId from, std::uint32_t pid, const std::string& text);
    void quorum(bool quorate, std::vector<std::uint32_t> members);
    // As the cmap tracker of a knet link's state would.
    void linkStatsChanged();
    // As the session's fd watch would, after a failed dispatch.
    void broken(const std::string& detail);

    static corosync_cfg_node_status_v1 nodeStatus(NodeId node, std::vector<bool> connected);

private:
    friend class ScriptedSession;
    SessionEvents* events_ = nullptr;
    bool inCallback_ = false;
};

} // namespace pgmd::cluster::test
