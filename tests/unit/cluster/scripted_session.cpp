#include "scripted_session.hpp"

namespace pgmd::cluster::test {

class ScriptedSession final : public Session {
public:
    ScriptedSession(ScriptedCorosync& c, SessionEvents& events) : c_(c) { c_.events_ = &events; }
    ~ScriptedSession() override
    {
        ++c_.closes;
        c_.events_ = nullptr;
    }
    NodeId localNode() const override { return c_.localNode; }
    std::size_t maxMessageSize() const override { return 16; }
    const std::vector<NodeId>& configuredNodes() const override { return c_.nodelist; }
    const std::map<unsigned, std::string>& localLinkAddresses() const override { return c_.linkAddresses; }
    bool tracksLinks() const override { return c_.tracksLinks; }
    bool dispatching() const override { return c_.inCallback_; }
    cs_error_t multicast(std::span<const std::uint8_t> bytes) override
    {
        cs_error_t e = CS_OK;
        if (!c_.sendResults.empty()) {
            e = c_.sendResults.front();
            c_.sendResults.pop_front();
        }
        if (e == CS_OK)
            c_.sent.emplace_back(bytes.begin(), bytes.end());
        return e;
    }
    cs_error_t leave() override
    {
        ++c_.leaves;
        return CS_OK;
    }
    std::optional<corosync_cfg_node_status_v1> nodeStatus(NodeId node, cs_error_t& error) override
    {
        ++c_.statusReads;
        auto it = c_.status.find(node);
        error = it == c_.status.end() ? CS_ERR_NOT_EXIST : CS_OK;
        if (it == c_.status.end())
            return std::nullopt;
        return it->second;
    }

private:
    ScriptedCorosync& c_;
};

SessionOpener ScriptedCorosync::opener()
{
    return [this](SessionEvents& events, const std::string&, OpenFailure& failure) -> std::unique_ptr<Session> {
        ++opens;
        cs_error_t e = CS_OK;
        if (!openResults.empty()) {
            e = openResults.front();
            openResults.pop_front();
        }
        if (e != CS_OK) {
            failure = {"cpg_join", e};
            return nullptr;
        }
        return std::make_unique<ScriptedSession>(*this, events);
    };
}

namespace {

std::vector<cpg_address> addresses(const std::vector<std::pair<NodeId, std::uint32_t>>& list, std::uint32_t reason)
{
    std::vector<cpg_address> out;
    for (auto [node, pid] : list)
        out.push_back({node, pid, reason});
    return out;
}

} // namespace

void ScriptedCorosync::confchg(std::vector<std::pair<NodeId, std::uint32_t>> members,
                               std::vector<std::pair<NodeId, std::uint32_t>> left,
                               std::vector<std::pair<NodeId, std::uint32_t>> joined, std::uint32_t reason)
{
    auto m = addresses(members, CPG_REASON_UNDEFINED), l = addresses(left, reason), j = addresses(joined, reason);
    inCallback_ = true;
    events_->cpgConfigurationChanged(m, l, j);
    inCallback_ = false;
}

void ScriptedCorosync::deliver(NodeId from, std::uint32_t pid, const std::string& text)
{
    inCallback_ = true;
    events_->cpgDelivered(from, pid, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    inCallback_ = false;
}

void ScriptedCorosync::quorum(bool quorate, std::vector<std::uint32_t> members)
{
    inCallback_ = true;
    events_->quorumNotified(quorate, members);
    inCallback_ = false;
}

void ScriptedCorosync::linkStatsChanged()
{
    inCallback_ = true;
    events_->linkStatsChanged();
    inCallback_ = false;
}

void ScriptedCorosync::broken(const std::string& detail)
{
    events_->sessionBroken(detail);
}

corosync_cfg_node_status_v1 ScriptedCorosync::nodeStatus(NodeId node, std::vector<bool> connected)
{
    corosync_cfg_node_status_v1 s{};
    s.nodeid = node;
    for (std::size_t i = 0; i < connected.size(); ++i) {
        s.link_status[i].enabled = 1;
        s.link_status[i].connected = connected[i];
    }
    return s;
}

} // namespace pgmd::cluster::test
