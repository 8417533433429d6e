#include "cluster/corosync_session.hpp"

#include "cluster/corosync_translate.hpp"

#include <corosync/cmap.h>

#include <sys/epoll.h>
#include <sys/uio.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string_view>

namespace pgmd::cluster {

namespace {

// What a callback uses to find its session: the handle's context.
CorosyncSession* fromCpg(cpg_handle_t handle)
{
    void* context = nullptr;
    cpg_context_get(handle, &context);
    return static_cast<CorosyncSession*>(context);
}

CorosyncSession* fromQuorum(quorum_handle_t handle)
{
    const void* context = nullptr;
    quorum_context_get(handle, &context);
    return static_cast<CorosyncSession*>(const_cast<void*>(context));
}

bool fail(OpenFailure& failure, const char* step, cs_error_t error)
{
    failure = {step, error};
    return false;
}

constexpr std::string_view NodeIdSuffix = ".nodeid";
constexpr std::string_view NodePrefix = "nodelist.node.";

// "nodelist.node.3.ring1_addr" -> {3, "ring1_addr"}; nullopt for other keys.
std::optional<std::pair<unsigned, std::string_view>> nodelistEntry(std::string_view key)
{
    if (!key.starts_with(NodePrefix))
        return std::nullopt;
    key.remove_prefix(NodePrefix.size());
    const auto dot = key.find('.');
    if (dot == std::string_view::npos || dot == 0)
        return std::nullopt;
    unsigned index = 0;
    for (char c : key.substr(0, dot)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        index = index * 10 + static_cast<unsigned>(c - '0');
    }
    return std::pair{index, key.substr(dot + 1)};
}

// "ring1_addr" -> 1
std::optional<unsigned> ringOf(std::string_view field)
{
    constexpr std::string_view ring = "ring", addr = "_addr";
    if (!field.starts_with(ring) || !field.ends_with(addr) || field.size() != ring.size() + addr.size() + 1)
        return std::nullopt;
    const char c = field[ring.size()];
    if (c < '0' || c > '7')
        return std::nullopt;
    return static_cast<unsigned>(c - '0');
}

} // namespace

std::string OpenFailure::text() const
{
    return step + ": " + csErrorName(error);
}


CorosyncSession::CorosyncSession(pgm::EventLoop&, SessionEvents& events)
    : events_(events)
{
}

std::unique_ptr<CorosyncSession> CorosyncSession::open(pgm::EventLoop& loop, SessionEvents& events,
                                                       const std::string& group, OpenFailure& failure)
{
    std::unique_ptr<CorosyncSession> session(new CorosyncSession(loop, events));
    if (!session->connect(group, failure))
        return nullptr;
    session->watch(loop);
    return session;
}

bool CorosyncSession::connect(const std::string& group, OpenFailure& failure)
{
    if (group.empty() || group.size() > CPG_MAX_NAME_LENGTH)
        return fail(failure, "group name", CS_ERR_NAME_TOO_LONG);
    group_.length = static_cast<std::uint32_t>(group.size());
    std::memcpy(group_.value, group.data(), group.size());

    cpg_model_v1_data_t cpgModel{};
    cpgModel.model = CPG_MODEL_V1;
    cpgModel.cpg_deliver_fn = onDeliver;
    cpgModel.cpg_confchg_fn = onConfchg;
    if (cs_error_t e = cpg_model_initialize(&cpg_, CPG_MODEL_V1, reinterpret_cast<cpg_model_data_t*>(&cpgModel), this);
        e != CS_OK)
        return fail(failure, "cpg_model_initialize", e);
    unsigned int nodeid = 0;
    if (cs_error_t e = cpg_local_get(cpg_, &nodeid); e != CS_OK)
        return fail(failure, "cpg_local_get", e);
    localNode_ = nodeid;
    std::uint32_t maxSize = 0;
    if (cs_error_t e = cpg_max_atomic_msgsize_get(cpg_, &maxSize); e != CS_OK)
        return fail(failure, "cpg_max_atomic_msgsize_get", e);
    maxMessage_ = maxSize;

    quorum_model_v1_data_t quorumModel{};
    quorumModel.model = QUORUM_MODEL_V1;
    quorumModel.quorum_notify_fn = onQuorum;
    std::uint32_t quorumType = 0;
    if (cs_error_t e = quorum_model_initialize(&quorum_, QUORUM_MODEL_V1,
                                               reinterpret_cast<quorum_model_data_t*>(&quorumModel), &quorumType, this);
        e != CS_OK)
        return fail(failure, "quorum_model_initialize", e);
    // CS_TRACK_CURRENT: the present state arrives as a first notification.
    if (cs_error_t e = quorum_trackstart(quorum_, CS_TRACK_CURRENT | CS_TRACK_CHANGES); e != CS_OK)
        return fail(failure, "quorum_trackstart", e);

    if (cs_error_t e = corosync_cfg_initialize(&cfg_, nullptr); e != CS_OK)
        return fail(failure, "corosync_cfg_initialize", e);

    readNodelist();
    trackLinks();

    // Last: from here on callbacks may be pending.
    if (cs_error_t e = cpg_join(cpg_, &group_); e != CS_OK)
        return fail(failure, "cpg_join", e);
    joinedGroup_ = true;
    return true;
}

void CorosyncSession::readNodelist()
{
    // Optional: without it, links are known only for nodes seen as members
    // and have no local interface.
    cmap_handle_t cmap = 0;
    if (cmap_initialize(&cmap) != CS_OK)
        return;
    std::map<unsigned, NodeId> ids;                                  // by nodelist index
    std::map<unsigned, std::map<unsigned, std::string>> addresses;  // by index, then link
    cmap_iter_handle_t iter = 0;
    if (cmap_iter_init(cmap, NodePrefix.data(), &iter) == CS_OK) {
        char key[CMAP_KEYNAME_MAXLEN + 1];
        std::size_t len = 0;
        cmap_value_types_t type{};
        while (cmap_iter_next(cmap, iter, key, &len, &type) == CS_OK) {
            auto entry = nodelistEntry(key);
            if (!entry)
                continue;
            std::uint32_t id = 0;
            char* text = nullptr;
            if (entry->second == NodeIdSuffix.substr(1) && cmap_get_uint32(cmap, key, &id) == CS_OK) {
                ids[entry->first] = id;
                configuredNodes_.push_back(id);
            } else if (auto ring = ringOf(entry->second); ring && cmap_get_string(cmap, key, &text) == CS_OK) {
                addresses[entry->first][*ring] = text;
                std::free(text);
            }
        }
        cmap_iter_finalize(cmap, iter);
    }
    cmap_finalize(cmap);
    for (const auto& [index, id] : ids)
        if (id == localNode_)
            linkAddresses_ = addresses[index];
}

void CorosyncSession::trackLinks()
{
    // Optional too: without tracking, the link reads link states on a timer.
    if (cmap_initialize_map(&stats_, CMAP_MAP_STATS) != CS_OK) {
        stats_ = 0;
        return;
    }
    cmap_context_set(stats_, this);
    bool all = !linkAddresses_.empty();
    for (NodeId node : configuredNodes_) {
        if (node == localNode_)
            continue;
        for (const auto& [link, address] : linkAddresses_) {
            const std::string key =
                "stats.knet.node" + std::to_string(node) + ".link" + std::to_string(link) + ".connected";
            cmap_track_handle_t track = 0;
            if (cmap_track_add(stats_, key.c_str(), CMAP_TRACK_MODIFY, onLinkStat, this, &track) != CS_OK)
                all = false;
        }
    }
    tracksLinks_ = all;
}

void CorosyncSession::watch(pgm::EventLoop& loop)
{
    int fd = -1;
    cpg_fd_get(cpg_, &fd);
    cpgWatch_ = std::make_unique<pgm::IoWatch>(
        loop.get(), fd, EPOLLIN, [this](std::uint32_t) { dispatch("cpg_dispatch", cpg_dispatch, cpg_); },
        "corosync-cpg");
    quorum_fd_get(quorum_, &fd);
    quorumWatch_ = std::make_unique<pgm::IoWatch>(
        loop.get(), fd, EPOLLIN, [this](std::uint32_t) { dispatch("quorum_dispatch", quorum_dispatch, quorum_); },
        "corosync-quorum");
    corosync_cfg_fd_get(cfg_, &fd);
    cfgWatch_ = std::make_unique<pgm::IoWatch>(
        loop.get(), fd, EPOLLIN,
        [this](std::uint32_t) { dispatch("corosync_cfg_dispatch", corosync_cfg_dispatch, cfg_); }, "corosync-cfg");
    if (stats_ && cmap_fd_get(stats_, &fd) == CS_OK)
        statsWatch_ = std::make_unique<pgm::IoWatch>(
            loop.get(), fd, EPOLLIN, [this](std::uint32_t) { dispatch("cmap_dispatch", cmap_dispatch, stats_); },
            "corosync-link-stats");
}

void CorosyncSession::dispatch(const char* what, cs_error_t (*fn)(std::uint64_t, cs_dispatch_flags_t),
                               std::uint64_t handle)
{
    if (broken_)
        return;
    ++dispatching_;
    cs_error_t e = fn(handle, CS_DISPATCH_ALL);
    --dispatching_;
    // CS_ERR_TRY_AGAIN: woken with nothing to dispatch yet.
    if (e == CS_OK || e == CS_ERR_TRY_AGAIN)
        return;
    // The fd stays readable (hung up) until the session goes: stop watching.
    broken_ = true;
    cpgWatch_->enable(false);
    quorumWatch_->enable(false);
    cfgWatch_->enable(false);
    if (statsWatch_)
        statsWatch_->enable(false);
    events_.sessionBroken(std::string(what) + ": " + csErrorName(e));
    // Nothing after this: the owner may have let the session go.
}

CorosyncSession::~CorosyncSession()
{
    cpgWatch_.reset();
    quorumWatch_.reset();
    cfgWatch_.reset();
    statsWatch_.reset();
    if (stats_)
        cmap_finalize(stats_);  // its trackers go with it
    if (cpg_)
        cpg_finalize(cpg_);
    if (quorum_)
        quorum_finalize(quorum_);
    if (cfg_)
        corosync_cfg_finalize(cfg_);
}

cs_error_t CorosyncSession::multicast(std::span<const std::uint8_t> bytes)
{
    iovec iov{const_cast<std::uint8_t*>(bytes.data()), bytes.size()};
    return cpg_mcast_joined(cpg_, CPG_TYPE_AGREED, &iov, 1);
}

cs_error_t CorosyncSession::leave()
{
    if (!joinedGroup_)
        return CS_OK;
    joinedGroup_ = false;
    return cpg_leave(cpg_, &group_);
}

std::optional<corosync_cfg_node_status_v1> CorosyncSession::nodeStatus(NodeId node, cs_error_t& error)
{
    corosync_cfg_node_status_v1 status{};
    error = corosync_cfg_node_status_get(cfg_, node, CFG_NODE_STATUS_V1, &status);
    if (error != CS_OK)
        return std::nullopt;
    return status;
}

void CorosyncSession::onDeliver(cpg_handle_t handle, const cpg_name*, std::uint32_t nodeid, std::uint32_t pid,
                                void* msg, std::size_t len)
{
    if (CorosyncSession* s = fromCpg(handle))
        s->events_.cpgDelivered(nodeid, pid, {static_cast<const std::uint8_t*>(msg), len});
}

void CorosyncSession::onConfchg(cpg_handle_t handle, const cpg_name*, const cpg_address* members,
                                std::size_t nMembers, const cpg_address* left, std::size_t nLeft,
                                const cpg_address* joined, std::size_t nJoined)
{
    if (CorosyncSession* s = fromCpg(handle))
        s->events_.cpgConfigurationChanged({members, nMembers}, {left, nLeft}, {joined, nJoined});
}

void CorosyncSession::onLinkStat(cmap_handle_t, cmap_track_handle_t, std::int32_t, const char*, cmap_notify_value,
                                 cmap_notify_value, void* self)
{
    if (self)
        static_cast<CorosyncSession*>(self)->events_.linkStatsChanged();
}

void CorosyncSession::onQuorum(quorum_handle_t handle, std::uint32_t quorate, quorum_ring_id, std::uint32_t n,
                               const std::uint32_t* members)
{
    if (CorosyncSession* s = fromQuorum(handle))
        s->events_.quorumNotified(quorate != 0, {members, n});
}

} // namespace pgmd::cluster
