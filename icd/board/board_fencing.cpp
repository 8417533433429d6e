// The board as fencer and arbiter: fence requests that wait for a counter
// request, the rulings on them (fence_rules.cpp), and the notices that tell
// a host's peers when it is being switched off, is off, or is on again.

#include "board.hpp"

#include "common/ini/timespan.hpp"

#include <algorithm>

namespace icd::board {
namespace {

bool beingFencedOrOff(HostState s)
{
    return s == HostState::Cycling || s == HostState::OffLatched;
}

FenceAnswer answerOf(const std::string& requester, std::uint32_t token, const std::string& target,
                     const FenceRuling& ruling, const std::string& detail)
{
    switch (ruling.verdict) {
    case FenceVerdict::Grant:
    case FenceVerdict::AlreadyFenced: return {requester, token, target, true, Refusal::None, detail};
    case FenceVerdict::Refuse: return {requester, token, target, false, Refusal::Refused, detail};
    case FenceVerdict::NotPeer: return {requester, token, target, false, Refusal::NotPeer, detail};
    case FenceVerdict::UnknownHost:
    case FenceVerdict::Wait: break;
    }
    return {requester, token, target, false, Refusal::UnknownHost, detail};
}

} // namespace

const std::vector<std::string>& Board::peersOf(const std::string& host) const
{
    static const std::vector<std::string> none;
    auto it = peers_.find(host);
    return it == peers_.end() ? none : it->second;
}

Actions Board::requestFence(const std::string& requester, const FenceRequest& request)
{
    const BoardSnapshot before = snapshot();
    if (HostWatch* watch = watchOf(requester))
        watch->countFenceRequest();
    auto [it, fresh] = waiting_.try_emplace({requester, request.target});
    if (fresh) {
        it->second.activeGroups = request.activeGroups;
        it->second.until = clock_.monotonic() + fence_.raceWindow;
    }
    it->second.tokens.push_back(request.token);
    return finish(before, {});
}

void Board::acknowledgeNotice(const std::string& host, std::uint32_t id)
{
    notices_.acknowledge(host, id);
}

PeerView Board::viewOfPeer(const std::string& requester, const std::string& target) const
{
    const HostWatch* watch = find(target);
    if (!watch || !find(requester))
        return {Refusal::UnknownHost};
    const std::vector<std::string>& peers = peersOf(requester);
    if (std::find(peers.begin(), peers.end(), target) == peers.end())
        return {Refusal::NotPeer};
    PeerView view{Refusal::None, watch->state(), watch->power(), std::nullopt};
    if (const auto heard = watch->lastHeard())
        view.sinceHeard = std::max(clock_.monotonic() - *heard, Duration{0});
    return view;
}

FenceSituation Board::situationOf(const FenceKey& key, const WaitingFence& fence) const
{
    const auto& [requester, target] = key;
    FenceSituation s;
    if (const HostWatch* r = find(requester))
        s.requester = r->state();
    if (const HostWatch* t = find(target))
        s.target = t->state();
    const std::vector<std::string>& peers = peersOf(requester);
    s.isPeer = requester != target && std::find(peers.begin(), peers.end(), target) != peers.end();
    s.windowOver = clock_.monotonic() >= fence.until;
    if (auto counter = waiting_.find({target, requester}); counter != waiting_.end() && s.requester && s.target)
        s.winsRace = firstWinsRace({fence.activeGroups, find(requester)->config().hostId, requester},
                                   {counter->second.activeGroups, find(target)->config().hostId, target});
    return s;
}

void Board::settleFences(Actions& out)
{
    // A ruling changes the hosts' states (a grant fences its target), which
    // may decide other waiting requests: start over after each one, until
    // every request left waits. Earliest request first, so that when two
    // windows end at once the older request is granted first.
    for (;;) {
        std::vector<std::pair<MonoTime, FenceKey>> order;
        for (const auto& [key, fence] : waiting_)
            order.emplace_back(fence.until, key);
        std::sort(order.begin(), order.end());
        bool ruled = false;
        for (const auto& [until, key] : order) {
            const WaitingFence& fence = waiting_.at(key);
            const FenceRuling ruling = ruleOnFence(situationOf(key, fence));
            if (ruling.verdict == FenceVerdict::Wait)
                continue;
            const WaitingFence decided = fence;
            waiting_.erase(key);
            applyRuling(key, decided, ruling, out);
            ruled = true;
            break;
        }
        if (!ruled)
            return;
    }
}

void Board::applyRuling(const FenceKey& key, const WaitingFence& fence, const FenceRuling& ruling, Actions& out)
{
    const auto& [requester, target] = key;
    std::string detail = ruling.why;
    if (ruling.verdict == FenceVerdict::Refuse)
        if (auto by = fencedBy_.find(requester); by != fencedBy_.end())
            detail += " (fenced at the request of host " + by->second + ")";
    HostWatch* watch = watchOf(requester);
    for (std::uint32_t token : fence.tokens) {
        FenceAnswer answer = answerOf(requester, token, target, ruling, detail);
        if (!answer.accepted && watch)
            watch->countRefusal();
        out.push_back(std::move(answer));
    }
    if (ruling.verdict == FenceVerdict::Grant) {
        fencedBy_[target] = requester;
        watchOf(target)->handle(Fence{requester}, {clock_.monotonic(), clock_.now()}, out);
    }
}

void Board::noticeToPeers(const std::string& host, NoticeEvent event, bool toItself, Actions& out)
{
    const HostWatch& watch = *find(host);
    const ActionCause cause = watch.lastAction().cause;
    std::string by;
    if (auto it = fencedBy_.find(host); it != fencedBy_.end() && cause == ActionCause::FenceRequest)
        by = it->second;
    if (toItself)
        out.push_back(notices_.issue(host, host, event, cause, by));
    for (const std::string& peer : peersOf(host))
        out.push_back(notices_.issue(peer, host, event, cause, by));
}

Actions Board::withNotices(const BoardSnapshot& before, Actions actions)
{
    // "Fencing" goes out just before the first power-off command of a host
    // that was neither being switched off nor off (not before a retry), so
    // the host itself may still hear it; "off" and "on" right after the
    // relay's confirmation.
    Actions out;
    std::vector<std::string> fencing;
    for (Action& action : actions) {
        if (const auto* off = std::get_if<RelayPowerOff>(&action)) {
            const auto was = before.hosts.find(off->host);
            const bool wasLive = was == before.hosts.end() || !beingFencedOrOff(was->second.state);
            if (wasLive && std::find(fencing.begin(), fencing.end(), off->host) == fencing.end() && find(off->host)) {
                fencing.push_back(off->host);
                noticeToPeers(off->host, NoticeEvent::Fencing, true, out);
            }
        }
        const auto* power = std::get_if<PowerChanged>(&action);
        const std::string host = power ? power->host : std::string();
        const PowerState state = power ? power->power : PowerState::Unknown;
        out.push_back(std::move(action));
        if (state == PowerState::Off && find(host)) {
            noticeToPeers(host, NoticeEvent::Off, false, out);
            // "You are being fenced" is moot once the host is off, and must
            // not reach it when it is back: that would stop its groups again.
            notices_.withdraw(host, host);
        }
        if (state == PowerState::On && find(host)) {
            noticeToPeers(host, NoticeEvent::On, false, out);
            fencedBy_.erase(host);
        }
    }
    return out;
}

} // namespace icd::board
