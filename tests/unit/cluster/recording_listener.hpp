#pragma once
// A ClusterListener that writes down what it hears as short lines
// ("joined 1", "members 1,2 +2:join", "message 2 hello", ...), so tests
// compare whole sequences.

#include "cluster/cluster_link.hpp"

#include <functional>
#include <string>
#include <vector>

namespace pgmd::cluster::test {

inline std::string joinIds(const std::vector<NodeId>& ids)
{
    std::string s;
    for (NodeId id : ids)
        s += (s.empty() ? "" : ",") + std::to_string(id);
    return s;
}

class RecordingListener : public ClusterListener {
public:
    std::vector<std::string> events;
    QuorumState lastQuorum;
    std::vector<LinkState> lastLinks;
    // Called from delivered(), to test sending from inside a callback.
    std::function<void(NodeId, const std::string&)> onMessage;
    // Called from membershipChanged(), to test calls made from inside a callback.
    std::function<void()> onMembership;

    void joined(NodeId self) override { events.push_back("joined " + std::to_string(self)); }
    void membershipChanged(const MembershipChange& c) override
    {
        std::string s = "members " + joinIds(c.members);
        for (const auto& e : c.joined)
            s += " +" + std::to_string(e.node) + ":" + toString(e.reason);
        for (const auto& e : c.left)
            s += " -" + std::to_string(e.node) + ":" + toString(e.reason);
        events.push_back(s);
        if (onMembership)
            onMembership();
    }
    void delivered(NodeId from, std::uint32_t, std::span<const std::uint8_t> bytes) override
    {
        std::string text(bytes.begin(), bytes.end());
        events.push_back("message " + std::to_string(from) + " " + text);
        if (onMessage)
            onMessage(from, text);
    }
    void quorumChanged(const QuorumState& q) override
    {
        lastQuorum = q;
        events.push_back(std::string(q.quorate ? "quorate " : "inquorate ") + joinIds(q.members));
    }
    void linksChanged(const std::vector<LinkState>& links) override
    {
        lastLinks = links;
        events.push_back("links " + std::to_string(links.size()));
    }
    void disconnected(LossReason reason, const std::string&) override
    {
        events.push_back(std::string("disconnected ") + toString(reason));
    }

    // Events that start with `prefix`.
    std::vector<std::string> only(const std::string& prefix) const
    {
        std::vector<std::string> out;
        for (const auto& e : events)
            if (e.starts_with(prefix))
                out.push_back(e);
        return out;
    }
};

} // namespace pgmd::cluster::test
