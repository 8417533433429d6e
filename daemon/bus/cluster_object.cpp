#include "cluster_object.hpp"

#include "bus_errors.hpp"
#include "bus_names.hpp"

#include <exception>

namespace pgmd {

ClusterObject::ClusterObject(sdbus::IConnection& connection, RequestGate& gate, ClusterSource& source)
    : AdaptorInterfaces(connection, busnames::kClusterPath), gate_(gate), source_(source)
{
    registerAdaptor();
}

ClusterObject::~ClusterObject()
{
    unregisterAdaptor();
}

void ClusterObject::propertiesChanged()
{
    getObject().emitPropertiesChangedSignal(
        busnames::kClusterInterface,
        {"LocalNodeId", "Connection", "Quorate", "Synced", "Nodes", "Links", "LinkStates", "PeerVerdicts", "BoardViews",
         "Pairs", "FrozenPairs", "Halves"});
}

void ClusterObject::failover(const std::string& group, const std::string& from, const std::string& to,
                             const std::string& reason)
{
    emitFailover(group, from, to, reason);
}

void ClusterObject::pairFrozen(const std::string& group, bool frozen, const std::string& why)
{
    emitPairFrozen(group, frozen, why);
}

void ClusterObject::switchoverEnded(const std::string& group, const std::string& from, const std::string& to,
                                    const std::string& by, const std::string& outcome, const std::string& reason)
{
    emitSwitchoverEnded(group, from, to, by, outcome, reason);
}

void ClusterObject::membershipChanged(const std::string& node, std::uint32_t id, const std::string& reason)
{
    emitMembershipChanged(node, id, reason);
}

void ClusterObject::peerLost(const std::string& node, const std::string& verdict, const std::string& evidence)
{
    emitPeerLost(node, verdict, evidence);
}

void ClusterObject::linkDown(const std::string& node, std::uint32_t link, const std::string& cause)
{
    emitLinkDown(node, link, cause);
}

void ClusterObject::linkUp(const std::string& node, std::uint32_t link)
{
    emitLinkUp(node, link);
}

template <class Fill>
void ClusterObject::sendTo(const std::vector<std::string>& clients, const char* member, const Fill& fill)
{
    // One client that cannot be reached must not keep the others uninformed.
    std::exception_ptr firstFailure;
    for (const std::string& client : clients) {
        try {
            sdbus::Signal signal = getObject().createSignal(busnames::kClusterInterface, member);
            fill(signal);
            signal.setDestination(client);
            getObject().emitSignal(signal);
        } catch (...) {
            if (!firstFailure)
                firstFailure = std::current_exception();
        }
    }
    if (firstFailure)
        std::rethrow_exception(firstFailure);
}

void ClusterObject::sendHalfBorn(const std::vector<std::string>& clients, const std::string& group,
                                 const std::string& node, std::uint64_t incarnation)
{
    sendTo(clients, "HalfBorn", [&](sdbus::Signal& s) { s << group << node << incarnation; });
}

void ClusterObject::sendHalfDied(const std::vector<std::string>& clients, const std::string& group,
                                 const std::string& node, std::uint64_t incarnation, const std::string& reason)
{
    sendTo(clients, "HalfDied", [&](sdbus::Signal& s) { s << group << node << incarnation << reason; });
}

void ClusterObject::Switchover(const std::string& group, const std::string& node)
{
    gate_.operatorRequest(getObject(), {"Switchover", group, {{"node", node}}},
                          [&] { throwIfFailed(source_.switchover(group, node)); });
}

std::tuple<std::string, std::uint64_t> ClusterObject::GetKey(const std::string& group)
{
    const ClusterKey key = source_.key(group);
    throwIfFailed(key.result);
    return {key.node, key.incarnation};
}

std::string ClusterObject::LocalNode() { return source_.cluster().localNode; }
std::uint32_t ClusterObject::LocalNodeId() { return source_.cluster().localNodeId; }
std::string ClusterObject::GroupName() { return source_.cluster().groupName; }
std::string ClusterObject::Connection() { return source_.cluster().connection; }
bool ClusterObject::Quorate() { return source_.cluster().quorate; }
bool ClusterObject::Synced() { return source_.cluster().synced; }

std::vector<sdbus::Struct<std::string, std::uint32_t, std::string, bool, bool, std::string>> ClusterObject::Nodes()
{
    std::vector<sdbus::Struct<std::string, std::uint32_t, std::string, bool, bool, std::string>> out;
    for (const ClusterNodeInfo& n : source_.cluster().nodes)
        out.emplace_back(n.name, n.id, n.presence, n.quorate, n.canFence, n.lastFenceFailure);
    return out;
}

std::vector<sdbus::Struct<std::uint32_t, std::uint32_t, bool, bool>> ClusterObject::Links()
{
    std::vector<sdbus::Struct<std::uint32_t, std::uint32_t, bool, bool>> out;
    for (const ClusterLinkInfo& l : source_.cluster().links)
        out.emplace_back(l.node, l.link, l.enabled, l.connected);
    return out;
}

std::vector<sdbus::Struct<std::string, std::uint32_t, std::uint32_t, bool, std::string, std::string, std::string>>
ClusterObject::LinkStates()
{
    std::vector<sdbus::Struct<std::string, std::uint32_t, std::uint32_t, bool, std::string, std::string, std::string>>
        out;
    for (const ClusterLinkStateInfo& l : source_.cluster().linkStates)
        out.emplace_back(l.node, l.nodeId, l.link, l.connected, l.cause, l.interface, l.carrier);
    return out;
}

std::vector<sdbus::Struct<std::string, std::uint32_t, std::string, std::int32_t, bool, bool, std::string>>
ClusterObject::PeerVerdicts()
{
    std::vector<sdbus::Struct<std::string, std::uint32_t, std::string, std::int32_t, bool, bool, std::string>> out;
    for (const ClusterVerdictInfo& v : source_.cluster().verdicts)
        out.emplace_back(v.node, v.nodeId, v.verdict, v.link, v.lost, v.degraded, v.evidence);
    return out;
}

std::vector<sdbus::Struct<std::string, std::uint32_t, std::uint8_t, std::string>> ClusterObject::BoardViews()
{
    std::vector<sdbus::Struct<std::string, std::uint32_t, std::uint8_t, std::string>> out;
    for (const ClusterBoardViewInfo& b : source_.cluster().boardViews)
        out.emplace_back(b.node, b.nodeId, b.host, b.view);
    return out;
}

std::vector<sdbus::Struct<std::string, std::string, std::vector<std::string>, std::string, std::vector<std::string>>>
ClusterObject::Pairs()
{
    std::vector<
        sdbus::Struct<std::string, std::string, std::vector<std::string>, std::string, std::vector<std::string>>>
        out;
    for (const ClusterPairInfo& p : source_.cluster().pairs)
        out.emplace_back(p.group, p.redundancy, p.owners, p.lead, p.needsFencing);
    return out;
}

std::vector<sdbus::Struct<std::string, std::string, std::string, bool, bool, bool, std::uint64_t>>
ClusterObject::Halves()
{
    std::vector<sdbus::Struct<std::string, std::string, std::string, bool, bool, bool, std::uint64_t>> out;
    for (const ClusterHalfInfo& h : source_.cluster().halves)
        out.emplace_back(h.group, h.node, h.state, h.held, h.claims, h.ready, h.incarnation);
    return out;
}

std::vector<sdbus::Struct<std::string, std::string>> ClusterObject::FrozenPairs()
{
    std::vector<sdbus::Struct<std::string, std::string>> out;
    for (const ClusterPairInfo& p : source_.cluster().pairs)
        if (!p.frozenWhy.empty())
            out.emplace_back(p.group, p.frozenWhy);
    return out;
}

} // namespace pgmd
