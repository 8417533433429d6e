#include "board_harness.hpp"

#include <algorithm>

namespace icd::board::test {

HostConfig hostConfig(const std::string& id)
{
    HostConfig c;
    c.id = id;
    return c;
}

HostConfig hostConfig(const std::string& id, unsigned hostId)
{
    HostConfig c = hostConfig(id);
    c.hostId = hostId;
    return c;
}

std::vector<HostConfig> threePeers()
{
    return {hostConfig("a", 1), hostConfig("b", 2), hostConfig("c", 3)};
}

void BoardHarness::armAll(const std::vector<std::string>& hosts)
{
    for (const std::string& host : hosts)
        send(host, Hello{});
}

BoardHarness::BoardHarness(std::vector<HostConfig> hosts, std::string bootId, FenceSettings fence)
    : board(std::make_unique<Board>(hosts, clock, bootId, fence))
    , configs_(std::move(hosts))
    , fence_(fence)
    , bootId_(std::move(bootId))
{
}

void BoardHarness::execute(Actions actions)
{
    for (Action& a : actions) {
        if (std::holds_alternative<Persist>(a)) {
            stateFile = toJson(board->snapshot());
            ++persists;
        } else if (auto* off = std::get_if<RelayPowerOff>(&a)) {
            sendRelay(off->host, RelayCommand::PowerOff);
        } else if (auto* on = std::get_if<RelayPowerOn>(&a)) {
            sendRelay(on->host, RelayCommand::PowerOn);
        }
        log_.push_back(std::move(a));
    }
}

void BoardHarness::sendRelay(const std::string& host, RelayCommand command)
{
    auto done = [this, host, command](const RelayResult& r) { execute(board->handle(host, relayEvent(command, r))); };
    if (command == RelayCommand::PowerOff)
        relays_[host].powerOff(done);
    else
        relays_[host].powerOn(done);
}

void BoardHarness::answerRelaysAsSent()
{
    // Answers come from the loop, after the action list that sent them.
    bool answered = true;
    while (answered) {
        answered = false;
        for (auto& [host, relay] : relays_)
            answered = relay.completeOldest() || answered;
    }
}

void BoardHarness::send(const std::string& host, const Event& event)
{
    execute(board->handle(host, event));
    if (autoRelay)
        answerRelaysAsSent();
}

void BoardHarness::fence(const std::string& requester, const std::string& target, unsigned activeGroups,
                         std::uint32_t token)
{
    execute(board->requestFence(requester, FenceRequest{target, activeGroups, token}));
    if (autoRelay)
        answerRelaysAsSent();
}

void BoardHarness::advance(Duration d)
{
    const MonoTime target = clock.mono + d;
    for (int rounds = 0;; ++rounds) {
        ASSERT_LT(rounds, 100'000) << "the board's deadline does not move on";
        const auto next = board->nextDeadline();
        if (!next || *next > target)
            break;
        clock.advance(std::max(*next - clock.mono, Duration{0}));
        execute(board->onTimer());
        if (autoRelay)
            answerRelaysAsSent();
    }
    clock.advance(target - clock.mono);
}

void BoardHarness::restart(const std::string& bootId)
{
    for (auto& [host, relay] : relays_)
        relay.abandonPending();
    BoardSnapshot saved;
    if (!stateFile.empty()) {
        std::string error;
        auto parsed = boardSnapshotFromJson(stateFile, &error);
        ASSERT_TRUE(parsed) << error;
        saved = *parsed;
    }
    bootId_ = bootId;
    board = std::make_unique<Board>(configs_, clock, bootId_, fence_);
    execute(board->restore(saved));
    if (autoRelay)
        answerRelaysAsSent();
}

bool BoardHarness::confirmRelay(const std::string& host)
{
    return relays_[host].completeOldest();
}

bool BoardHarness::failRelay(const std::string& host, const std::string& detail)
{
    return relays_[host].failOldest(detail);
}

bool BoardHarness::answerRelay(const std::string& host, RelayResult result)
{
    return relays_[host].answerOldest(std::move(result));
}

const HostWatch& BoardHarness::host(const std::string& id) const
{
    const HostWatch* h = board->find(id);
    if (!h)
        throw std::out_of_range("no host " + id);
    return *h;
}

std::vector<StateChanged> BoardHarness::transitions(const std::string& host) const
{
    std::vector<StateChanged> out;
    for (const Action& a : log_)
        if (auto* s = std::get_if<StateChanged>(&a); s && s->host == host)
            out.push_back(*s);
    return out;
}

std::vector<std::string> BoardHarness::warnings(const std::string& host) const
{
    std::vector<std::string> out;
    for (const Action& a : log_)
        if (auto* w = std::get_if<Warning>(&a); w && w->host == host)
            out.push_back(w->message);
    return out;
}

std::vector<Reply> BoardHarness::replies() const
{
    std::vector<Reply> out;
    for (const Action& a : log_)
        if (auto* r = std::get_if<Reply>(&a))
            out.push_back(*r);
    return out;
}

Reply BoardHarness::lastReply() const
{
    auto all = replies();
    if (all.empty())
        throw std::logic_error("no reply was sent");
    return all.back();
}

std::vector<FenceAnswer> BoardHarness::fenceAnswers() const
{
    std::vector<FenceAnswer> out;
    for (const Action& a : log_)
        if (auto* f = std::get_if<FenceAnswer>(&a))
            out.push_back(*f);
    return out;
}

std::vector<Notice> BoardHarness::notices(const std::string& to) const
{
    std::vector<Notice> out;
    for (const Action& a : log_)
        if (auto* n = std::get_if<Notice>(&a); n && (to.empty() || n->to == to))
            out.push_back(*n);
    return out;
}

std::size_t BoardHarness::relayCommandsSent(const std::string& host) const
{
    return static_cast<std::size_t>(std::count_if(log_.begin(), log_.end(), [&](const Action& a) {
        auto* off = std::get_if<RelayPowerOff>(&a);
        auto* on = std::get_if<RelayPowerOn>(&a);
        return (off && off->host == host) || (on && on->host == host);
    }));
}

} // namespace icd::board::test
