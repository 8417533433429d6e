#include "board.hpp"

#include <algorithm>
#include <utility>

namespace icd::board {
namespace {

std::vector<HostConfig> validated(std::vector<HostConfig> hosts, const FenceSettings& fence)
{
    if (auto problems = configProblems(hosts, fence); !problems.empty())
        throw InvalidBoardConfig(problems);
    return hosts;
}

// Notice ids need only differ within a run; starting from the wall clock's
// seconds keeps them from repeating across runs too, unless a run issued
// more than one per second.
std::uint32_t firstNoticeId(const Clock& clock)
{
    return static_cast<std::uint32_t>(clock.now().usec / 1'000'000);
}

} // namespace

Board::Board(std::vector<HostConfig> hosts, const Clock& clock, std::string bootId, FenceSettings fence)
    : clock_(clock), bootId_(std::move(bootId)), fence_(fence), notices_(firstNoticeId(clock))
{
    const std::vector<HostConfig> configs = validated(std::move(hosts), fence_);
    for (const HostConfig& config : configs) {
        peers_[config.id] = effectivePeers(config, configs);
        hosts_.emplace_back(config);
    }
}

Now Board::now() const
{
    return {clock_.monotonic(), clock_.now()};
}

HostWatch* Board::watchOf(const std::string& host)
{
    auto it = std::find_if(hosts_.begin(), hosts_.end(), [&](const HostWatch& h) { return h.id() == host; });
    return it == hosts_.end() ? nullptr : &*it;
}

const HostWatch* Board::find(const std::string& host) const
{
    return const_cast<Board*>(this)->watchOf(host);
}

Actions Board::restore(const BoardSnapshot& saved)
{
    Actions out;
    const bool sameBoot = !saved.bootId.empty() && saved.bootId == bootId_;
    for (const auto& [id, host] : saved.hosts) {
        if (HostWatch* watch = watchOf(id))
            watch->restore(host, sameBoot, now(), out);
        else
            out.push_back(Warning{id, "the state file knows host " + id + " but the configuration does not: forgotten"});
    }
    return finish(saved, std::move(out));
}

Actions Board::handle(const std::string& host, const Event& event)
{
    const BoardSnapshot before = snapshot();
    Actions out;
    if (HostWatch* watch = watchOf(host))
        watch->handle(event, now(), out);
    else if (isRequest(event))
        out.push_back(Reply{host, false, Refusal::UnknownHost, "no host " + host + " is configured"});
    else
        out.push_back(Warning{host, std::string("ignored ") + eventName(event) + " for host " + host
                                        + ", which is not configured"});
    return finish(before, std::move(out));
}

Actions Board::onTimer()
{
    const BoardSnapshot before = snapshot();
    Actions out;
    const Now t = now();
    for (HostWatch& watch : hosts_)
        if (watch.deadline() && *watch.deadline() <= t.mono)
            watch.onTimer(t, out);
    return finish(before, std::move(out));
}

std::optional<MonoTime> Board::nextDeadline() const
{
    std::optional<MonoTime> next;
    for (const HostWatch& watch : hosts_)
        if (watch.deadline() && (!next || *watch.deadline() < *next))
            next = watch.deadline();
    for (const auto& [key, fence] : waiting_)
        if (!next || fence.until < *next)
            next = fence.until;
    return next;
}

BoardSnapshot Board::snapshot() const
{
    BoardSnapshot s;
    s.bootId = bootId_;
    for (const HostWatch& watch : hosts_)
        s.hosts.emplace(watch.id(), watch.persisted());
    return s;
}

Actions Board::finish(const BoardSnapshot& before, Actions actions)
{
    settleFences(actions);
    return persistIfChanged(before, withNotices(before, std::move(actions)));
}

Actions Board::persistIfChanged(const BoardSnapshot& before, Actions actions) const
{
    if (snapshot() != before)
        actions.insert(actions.begin(), Persist{});
    return actions;
}

} // namespace icd::board
