#include "json_output.hpp"

namespace pgmctl {

namespace {

Json membersJson(const std::vector<MemberStatus>& members)
{
    Json array = Json::array();
    for (const MemberStatus& m : members)
        array.push_back({
            {"unit", m.unit},
            {"active_state", m.activeState},
            {"sub_state", m.subState},
            {"main_pid", m.mainPid},
        });
    return array;
}

Json stepsJson(const std::vector<StepRecord>& steps)
{
    Json array = Json::array();
    for (const StepRecord& s : steps)
        array.push_back({
            {"timestamp", s.timestampUsec},
            {"step", s.step},
            {"reason", s.reason},
        });
    return array;
}

Json waitsJson(const std::vector<WaitStatus>& waits)
{
    Json array = Json::array();
    for (const WaitStatus& w : waits)
        array.push_back({
            {"kind", w.kind},
            {"name", w.name},
            {"detail", w.detail},
        });
    return array;
}

Json clusterNodesJson(const std::vector<ClusterNode>& nodes)
{
    Json array = Json::array();
    for (const ClusterNode& n : nodes)
        array.push_back({
            {"name", n.name},
            {"id", n.id},
            {"presence", n.presence},
            {"quorate", n.quorate},
            {"can_fence", n.canFence},
            {"last_fence_failure", n.lastFenceFailure},
        });
    return array;
}

Json clusterLinksJson(const ClusterStatus& c)
{
    Json array = Json::array();
    for (const ClusterLink& l : c.links)
        array.push_back({
            {"node_id", l.nodeId},
            {"node", nodeNameOf(c, l.nodeId)},
            {"link", l.link},
            {"enabled", l.enabled},
            {"connected", l.connected},
        });
    return array;
}

Json clusterLinkStatesJson(const std::vector<ClusterLinkState>& links)
{
    Json array = Json::array();
    for (const ClusterLinkState& l : links)
        array.push_back({
            {"node", l.node},
            {"node_id", l.nodeId},
            {"link", l.link},
            {"connected", l.connected},
            {"cause", l.cause},
            {"interface", l.interface},
            {"carrier", l.carrier},
        });
    return array;
}

Json peerVerdictsJson(const std::vector<PeerVerdict>& verdicts)
{
    Json array = Json::array();
    for (const PeerVerdict& v : verdicts)
        array.push_back({
            {"node", v.node},
            {"node_id", v.nodeId},
            {"verdict", v.verdict},
            {"link", v.link >= 0 ? Json(v.link) : Json(nullptr)},
            {"lost", v.lost},
            {"degraded", v.degraded},
            {"evidence", v.evidence},
        });
    return array;
}

Json boardViewsJson(const std::vector<BoardView>& views)
{
    Json array = Json::array();
    for (const BoardView& b : views)
        array.push_back({
            {"node", b.node},
            {"node_id", b.nodeId},
            {"board_host", b.host},
            {"view", b.view},
        });
    return array;
}

Json clusterPairsJson(const std::vector<ClusterPair>& pairs)
{
    Json array = Json::array();
    for (const ClusterPair& p : pairs)
        array.push_back({
            {"group", p.group},
            {"redundancy", p.redundancy},
            {"owners", p.owners},
            {"lead", p.lead},
            {"needs_fencing", p.needsFencing},
        });
    return array;
}

Json frozenPairsJson(const std::vector<FrozenPair>& frozen)
{
    Json array = Json::array();
    for (const FrozenPair& f : frozen)
        array.push_back({{"group", f.group}, {"reason", f.reason}});
    return array;
}

Json halvesJson(const std::vector<ClusterHalf>& halves)
{
    Json array = Json::array();
    for (const ClusterHalf& h : halves)
        array.push_back({
            {"group", h.group},
            {"node", h.node},
            {"state", h.state},
            {"held", h.held},
            {"claims_active", h.claimsActive},
            {"ready_standby", h.readyStandby},
            {"incarnation", h.incarnation},
        });
    return array;
}

} // namespace

Json groupJson(const GroupStatus& g)
{
    return {
        {"name", g.name},
        {"description", g.description},
        {"layer", g.layer},
        {"state", g.state},
        {"role", g.role},
        {"standby", g.standby},
        {"handshake", g.handshake},
        {"incarnation", g.incarnation},
        {"held", g.held},
        {"hold_reason", g.holdReason},
        {"slice", g.slice},
        {"units", g.units},
        {"depends_on", g.dependsOn},
        {"resources", g.resources},
        {"process_restarts", g.processRestarts},
        {"process_restart_burst", g.processRestartBurst},
        {"process_restart_interval_usec", g.processRestartIntervalUsec},
        {"group_restarts", g.groupRestarts},
        {"group_restart_burst", g.groupRestartBurst},
        {"group_restart_interval_usec", g.groupRestartIntervalUsec},
        {"activation_timeout_usec", g.activationTimeoutUsec},
        {"requested_state", g.requestedState},
        {"requested_incarnation", g.requestedIncarnation},
        {"last_fault", g.lastFault},
        {"state_change_timestamp", g.stateChangeTimestampUsec},
        {"last_fault_timestamp", g.lastFaultTimestampUsec},
        {"members", membersJson(g.members)},
        {"recent_steps", stepsJson(g.recentSteps)},
        {"waiting_for", waitsJson(g.waitingFor)},
        {"redundancy", g.redundancy},
        {"cluster_nodes", g.clusterNodes},
        {"owners", g.owners},
        {"lead", g.lead},
        {"mate", g.mate},
        {"mate_state", g.mateState},
    };
}

Json managerJson(const ManagerStatus& m)
{
    return {
        {"node_name", m.nodeName},
        {"version", m.version},
        {"config_directory", m.configDirectory},
        {"config_loaded_timestamp", m.configLoadedTimestampUsec},
        {"config_stale", m.configStale},
        {"config_stale_reason", m.configStaleReason},
        {"reboot_count", m.rebootCount},
        {"reboot_burst", m.rebootBurst},
        {"reboot_interval_usec", m.rebootIntervalUsec},
        {"total_reboots", m.totalReboots},
        {"host_reinit_count", m.hostReinitCount},
        {"host_reinit_burst", m.hostReinitBurst},
        {"escalation_exhausted", m.escalationExhausted},
    };
}

Json icdJson(const IcdStatus& icd)
{
    return {
        {"link", icd.link},
        {"link_state", icd.linkState},
        {"last_reply", icd.lastReply},
        {"last_reply_timestamp", icd.lastReplyTimestampUsec},
        {"heartbeats_sent", icd.heartbeatsSent},
        {"counters", Json(icd.counters)},
        {"board_state", icd.boardState},
        {"can_fence", icd.canFence},
    };
}

Json clusterJson(const ClusterStatus& c)
{
    return {
        {"local_node", c.localNode},
        {"local_node_id", c.localNodeId},
        {"group_name", c.groupName},
        {"connection", c.connection},
        {"quorate", c.quorate},
        {"synced", c.synced},
        {"nodes", clusterNodesJson(c.nodes)},
        {"links", clusterLinksJson(c)},
        {"link_states", clusterLinkStatesJson(c.linkStates)},
        {"peer_verdicts", peerVerdictsJson(c.verdicts)},
        {"board_views", boardViewsJson(c.boardViews)},
        {"pairs", clusterPairsJson(c.pairs)},
        {"frozen_pairs", frozenPairsJson(c.frozenPairs)},
        {"halves", halvesJson(c.halves)},
    };
}

std::string renderJson(const Json& value, JsonMode mode)
{
    int indent = mode == JsonMode::Pretty ? 2 : -1;
    return value.dump(indent, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace pgmctl
