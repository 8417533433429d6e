#include "board.hpp"

#include <algorithm>
#include <variant>

namespace pgmd::scenario {

namespace ib = icd::board;

void SimBoard::addHost(const std::string& name, std::uint8_t id)
{
    hosts_[name].id = id;
}

std::uint8_t SimBoard::hostId(const std::string& name) const
{
    const auto it = hosts_.find(name);
    return it == hosts_.end() ? 0 : it->second.id;
}

std::string SimBoard::nameOf(std::uint8_t id) const
{
    for (const auto& [name, h] : hosts_)
        if (h.id == id)
            return name;
    return "host#" + std::to_string(id);
}

ib::Board& SimBoard::board()
{
    if (!board_) {
        // Every other host is a peer (Peers= unset); the rest are pgm-icd's defaults.
        std::vector<ib::HostConfig> configs;
        for (const auto& [name, h] : hosts_) {
            ib::HostConfig c;
            c.id = name;
            c.hostId = h.id;
            c.heartbeatTimeout = settings_.timeout;
            configs.push_back(c);
        }
        board_ = std::make_unique<ib::Board>(configs, clock_, "scenario", ib::FenceSettings{settings_.raceWindow});
        board_->restore({});
    }
    return *board_;
}

void SimBoard::schedule(Item item)
{
    item.seq = seq_++;
    items_.push_back(std::move(item));
}

void SimBoard::toHost(const std::string& host, BoardOutput output)
{
    Item item;
    item.at = clock_.monotonic() + settings_.delay;
    item.step = Item::Step::Output;
    item.host = host;
    item.output = std::move(output);
    schedule(std::move(item));
}

void SimBoard::toBoard(const std::string& host, ib::Event event, MonoTime at)
{
    Item item;
    item.at = at;
    item.step = Item::Step::Event;
    item.host = host;
    item.event = std::move(event);
    schedule(std::move(item));
}

void SimBoard::beating(const std::string& name, bool on, bool disarmed)
{
    board();
    Host& h = hosts_.at(name);
    ++h.epoch;
    h.beating = on;
    Item item;
    item.at = clock_.monotonic() + settings_.delay;
    item.host = name;
    if (on) {
        // A new session: hello at once, then a beat every interval.
        item.step = Item::Step::Hello;
        schedule(item);
        item.at = clock_.monotonic() + settings_.beatInterval();
        item.step = Item::Step::Beat;
        item.epoch = h.epoch;
        schedule(item);
    } else if (disarmed) {
        toBoard(name, ib::Disarm{}, item.at);
    }
}

void SimBoard::fencePeer(const std::string& from, const std::string& target, std::uint16_t activeCount)
{
    Item item;
    item.at = clock_.monotonic() + settings_.delay;
    item.step = Item::Step::Fence;
    item.host = from;
    item.fence = ib::FenceRequest{target, activeCount, 0};
    schedule(std::move(item));
}

void SimBoard::acknowledge(const std::string& host, std::uint32_t id)
{
    board().acknowledgeNotice(host, id);
}

bool SimBoard::holdsOff(const std::string& host) const
{
    const ib::HostWatch* h = board_ ? board_->find(host) : nullptr;
    if (!h)
        return false;
    const ib::PowerState p = h->power();
    return p == ib::PowerState::Off || p == ib::PowerState::SwitchingOff || p == ib::PowerState::SwitchingOn;
}

std::optional<MonoTime> SimBoard::nextDue() const
{
    std::optional<MonoTime> next = board_ ? board_->nextDeadline() : std::nullopt;
    for (const Item& i : items_)
        if (!next || i.at < *next)
            next = i.at;
    return next;
}

std::vector<BoardOutput> SimBoard::takeDue()
{
    std::vector<BoardOutput> out;
    const MonoTime now = clock_.monotonic();
    while (true) {
        // The line and the relays first on a tie: a beat that arrives as
        // the timeout ends still counts.
        auto due = std::min_element(items_.begin(), items_.end(), [](const Item& x, const Item& y) {
            return x.at != y.at ? x.at < y.at : x.seq < y.seq;
        });
        if (due != items_.end() && due->at <= now) {
            const Item item = *due;
            items_.erase(due);
            take(item, out);
            continue;
        }
        const auto deadline = board_ ? board_->nextDeadline() : std::nullopt;
        if (!deadline || *deadline > now)
            break;
        carry(board_->onTimer());
    }
    return out;
}

void SimBoard::take(const Item& item, std::vector<BoardOutput>& out)
{
    switch (item.step) {
    case Item::Step::Output:
        out.push_back(item.output);
        break;
    case Item::Step::Beat: {
        const Host& h = hosts_.at(item.host);
        if (!h.beating || h.epoch != item.epoch)
            break;  // this run of pgmd has ended
        toBoard(item.host, ib::Heartbeat{}, item.at + settings_.delay);
        Item next = item;
        next.at = item.at + settings_.beatInterval();
        schedule(next);
        break;
    }
    case Item::Step::Hello:
        carry(board().handle(item.host, ib::Hello{}));
        // A new session: what the host has not acknowledged comes again.
        if (!settings_.old) {
            const std::vector<ib::Notice> again = board().outstandingNotices(item.host);
            carry(ib::Actions(again.begin(), again.end()));
        }
        break;
    case Item::Step::Event:
        if (std::holds_alternative<ib::RelayConfirmedOff>(item.event))
            out.push_back({BoardOutput::Kind::SwitchOff, "-", item.host, hosts_.at(item.host).why});
        else if (std::holds_alternative<ib::RelayConfirmedOn>(item.event))
            out.push_back({BoardOutput::Kind::SwitchOn, "-", item.host});
        carry(board().handle(item.host, item.event));
        break;
    case Item::Step::Fence:
        if (settings_.old)
            toHost(item.host, {BoardOutput::Kind::UnknownType, item.host, item.fence.target});
        else
            carry(board().requestFence(item.host, item.fence));
        break;
    }
}

// pgm-icd's part: relay commands to the relays, answers and notices onto the line.
void SimBoard::carry(const ib::Actions& actions)
{
    for (const ib::Action& a : actions) {
        if (const auto* off = std::get_if<ib::RelayPowerOff>(&a)) {
            toBoard(off->host, ib::RelayConfirmedOff{}, clock_.monotonic() + settings_.offDelay);
        } else if (const auto* on = std::get_if<ib::RelayPowerOn>(&a)) {
            toBoard(on->host, ib::RelayConfirmedOn{}, clock_.monotonic() + settings_.offDelay);
        } else if (const auto* f = std::get_if<ib::FenceAnswer>(&a)) {
            using Kind = BoardOutput::Kind;
            const Kind kind = f->accepted                             ? Kind::Ack
                              : f->refusal == ib::Refusal::Refused ? Kind::Refused
                                                                   : Kind::NotPeer;
            toHost(f->requester, {kind, f->requester, f->target, ib::toString(f->refusal)});
        } else if (const auto* n = std::get_if<ib::Notice>(&a)) {
            using Kind = BoardOutput::Kind;
            std::string why = n->by;
            if (why.empty()) {
                why = ib::toString(n->cause);
                std::replace(why.begin(), why.end(), '-', ' ');
            }
            if (n->event == ib::NoticeEvent::Fencing)
                hosts_.at(n->peer).why = why;
            if (settings_.old)
                continue;  // an old board tells nobody
            const Kind kind = n->event == ib::NoticeEvent::Fencing ? Kind::Fencing
                              : n->event == ib::NoticeEvent::Off   ? Kind::Off
                                                                   : Kind::On;
            toHost(n->to, {kind, n->to, n->peer, why, n->id});
        }
    }
}

} // namespace pgmd::scenario
