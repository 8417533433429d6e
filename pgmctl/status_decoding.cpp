#include "status_decoding.hpp"

#include <sdbus-c++/Error.h>

#include <tuple>

namespace pgmctl {

namespace {

template <typename T>
void read(const PropertyMap& properties, const char* name, T& out)
{
    auto it = properties.find(name);
    if (it == properties.end())
        return;
    if (!it->second.containsValueOfType<T>())
        throw sdbus::Error("org.freedesktop.DBus.Error.InvalidSignature",
                           std::string("Property ") + name + " has type '" + it->second.peekValueType() + "'");
    out = it->second.get<T>();
}

// A property of type a(...) as plain records, one per struct, the fields in
// the order the record declares them.
template <typename Record, typename... Fields>
std::vector<Record> readRecords(const PropertyMap& properties, const char* name)
{
    std::vector<sdbus::Struct<Fields...>> raw;
    read(properties, name, raw);
    std::vector<Record> records;
    for (const std::tuple<Fields...>& fields : raw)
        records.push_back(std::apply([](const Fields&... f) { return Record{f...}; }, fields));
    return records;
}

} // namespace

GroupStatus decodeGroup(const PropertyMap& p)
{
    GroupStatus g;
    read(p, "Name", g.name);
    read(p, "Description", g.description);
    read(p, "Layer", g.layer);
    read(p, "State", g.state);
    read(p, "Role", g.role);
    read(p, "Standby", g.standby);
    read(p, "Handshake", g.handshake);
    read(p, "Incarnation", g.incarnation);
    read(p, "Held", g.held);
    read(p, "HoldReason", g.holdReason);
    read(p, "Slice", g.slice);
    read(p, "Units", g.units);
    read(p, "DependsOn", g.dependsOn);
    read(p, "Resources", g.resources);
    read(p, "ProcessRestarts", g.processRestarts);
    read(p, "ProcessRestartBurst", g.processRestartBurst);
    read(p, "ProcessRestartIntervalUSec", g.processRestartIntervalUsec);
    read(p, "GroupRestarts", g.groupRestarts);
    read(p, "GroupRestartBurst", g.groupRestartBurst);
    read(p, "GroupRestartIntervalUSec", g.groupRestartIntervalUsec);
    read(p, "ActivationTimeoutUSec", g.activationTimeoutUsec);
    read(p, "RequestedState", g.requestedState);
    read(p, "RequestedIncarnation", g.requestedIncarnation);
    read(p, "LastFault", g.lastFault);
    read(p, "StateChangeTimestamp", g.stateChangeTimestampUsec);
    read(p, "LastFaultTimestamp", g.lastFaultTimestampUsec);
    g.members = readRecords<MemberStatus, std::string, std::string, std::string, std::uint32_t>(p, "Members");
    g.recentSteps = readRecords<StepRecord, std::uint64_t, std::string, std::string>(p, "RecentSteps");
    g.waitingFor = readRecords<WaitStatus, std::string, std::string, std::string>(p, "WaitingFor");
    read(p, "Redundancy", g.redundancy);
    read(p, "ClusterNodes", g.clusterNodes);
    read(p, "Owners", g.owners);
    read(p, "Lead", g.lead);
    read(p, "Mate", g.mate);
    read(p, "MateState", g.mateState);
    return g;
}

ManagerStatus decodeManager(const PropertyMap& p)
{
    ManagerStatus m;
    read(p, "NodeName", m.nodeName);
    read(p, "Version", m.version);
    read(p, "ConfigDirectory", m.configDirectory);
    read(p, "ConfigLoadedTimestamp", m.configLoadedTimestampUsec);
    read(p, "RebootCount", m.rebootCount);
    read(p, "RebootBurst", m.rebootBurst);
    read(p, "RebootIntervalUSec", m.rebootIntervalUsec);
    read(p, "TotalReboots", m.totalReboots);
    read(p, "HostReinitCount", m.hostReinitCount);
    read(p, "HostReinitBurst", m.hostReinitBurst);
    read(p, "EscalationExhausted", m.escalationExhausted);
    read(p, "ConfigStale", m.configStale);
    read(p, "ConfigStaleReason", m.configStaleReason);
    return m;
}

IcdStatus decodeIcd(const PropertyMap& p)
{
    IcdStatus icd;
    read(p, "Link", icd.link);
    read(p, "LinkState", icd.linkState);
    read(p, "LastReply", icd.lastReply);
    read(p, "LastReplyTimestamp", icd.lastReplyTimestampUsec);
    read(p, "HeartbeatsSent", icd.heartbeatsSent);
    read(p, "Counters", icd.counters);
    read(p, "BoardState", icd.boardState);
    read(p, "CanFence", icd.canFence);
    return icd;
}

ResourceStatus decodeResource(const PropertyMap& p)
{
    ResourceStatus r;
    read(p, "Name", r.name);
    read(p, "Kind", r.kind);
    read(p, "State", r.state);
    read(p, "StateChangeTimestamp", r.stateChangeTimestampUsec);
    read(p, "LastCheckTimestamp", r.lastCheckTimestampUsec);
    read(p, "LastError", r.lastError);
    read(p, "ReinitCount", r.reinitCount);
    read(p, "LastReinitTimestamp", r.lastReinitTimestampUsec);
    read(p, "UsedBy", r.usedBy);
    read(p, "Path", r.path);
    read(p, "MinFreeBytes", r.minFreeBytes);
    read(p, "Command", r.command);
    read(p, "Reinit", r.reinit);
    read(p, "CheckIntervalUSec", r.checkIntervalUsec);
    read(p, "TimeoutUSec", r.timeoutUsec);
    return r;
}

ClusterStatus decodeCluster(const PropertyMap& p)
{
    ClusterStatus c;
    read(p, "LocalNode", c.localNode);
    read(p, "LocalNodeId", c.localNodeId);
    read(p, "GroupName", c.groupName);
    read(p, "Connection", c.connection);
    read(p, "Quorate", c.quorate);
    read(p, "Synced", c.synced);
    c.nodes = readRecords<ClusterNode, std::string, std::uint32_t, std::string, bool, bool, std::string>(p, "Nodes");
    c.links = readRecords<ClusterLink, std::uint32_t, std::uint32_t, bool, bool>(p, "Links");
    c.linkStates = readRecords<ClusterLinkState, std::string, std::uint32_t, std::uint32_t, bool, std::string,
                               std::string, std::string>(p, "LinkStates");
    c.verdicts = readRecords<PeerVerdict, std::string, std::uint32_t, std::string, std::int32_t, bool, bool,
                             std::string>(p, "PeerVerdicts");
    c.boardViews = readRecords<BoardView, std::string, std::uint32_t, std::uint8_t, std::string>(p, "BoardViews");
    c.pairs = readRecords<ClusterPair, std::string, std::string, std::vector<std::string>, std::string,
                          std::vector<std::string>>(p, "Pairs");
    c.frozenPairs = readRecords<FrozenPair, std::string, std::string>(p, "FrozenPairs");
    c.halves = readRecords<ClusterHalf, std::string, std::string, std::string, bool, bool, bool, std::uint64_t>(
        p, "Halves");
    return c;
}

} // namespace pgmctl
