#include "board.hpp"

#include <algorithm>
#include <stdexcept>

namespace pgmd::scenario {

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

// Every other host on the board is a peer (the default of [Host.X] Peers=).
std::vector<std::string> SimBoard::peersOf(const std::string& host) const
{
    std::vector<std::string> out;
    for (const auto& [name, h] : hosts_)
        if (name != host)
            out.push_back(name);
    return out;
}

void SimBoard::schedule(Item item)
{
    item.seq = seq_++;
    items_.push_back(std::move(item));
}

void SimBoard::say(MonoTime at, BoardOutput::Kind kind, const std::string& to, const std::string& about,
                   const std::string& by)
{
    Item item;
    item.at = at;
    item.step = Step::Output;
    item.output = BoardOutput{at, 0, kind, to, about, by};
    schedule(std::move(item));
}

void SimBoard::beating(const std::string& name, bool on, bool disarmed, MonoTime now)
{
    Host& h = hosts_.at(name);
    h.beating = on;
    ++h.silence;
    if (on) {
        h.armed = true;
        h.off = false;
        h.cycling = false;
        return;
    }
    if (disarmed) {
        h.armed = false;
        return;
    }
    if (!h.armed || h.off || h.cycling)
        return;
    Item check;
    check.at = now + settings_.timeout;
    check.step = Step::SilenceCheck;
    check.host = name;
    check.silence = h.silence;
    schedule(std::move(check));
}

void SimBoard::fencePeer(const std::string& from, const std::string& target, std::uint16_t activeCount, MonoTime now)
{
    const MonoTime answer = now + settings_.delay;
    if (settings_.old) {
        say(answer + settings_.delay, BoardOutput::Kind::UnknownType, from, target);
        return;
    }
    const MonoTime arrives = now + settings_.delay;
    if (!hosts_.count(from) || !hosts_.count(target) || from == target) {
        say(arrives + settings_.delay, BoardOutput::Kind::NotPeer, from, target);
        return;
    }
    requests_.push_back(Request{from, target, activeCount, arrives + settings_.raceWindow});
    Item decide;
    decide.at = arrives;
    decide.step = Step::Decide;
    decide.request = requests_.size() - 1;
    schedule(std::move(decide));
}

// Called when the request arrives, and again when its window ends.
void SimBoard::grant(Request& r, MonoTime now)
{
    r.open = false;
    say(now + settings_.delay, BoardOutput::Kind::Ack, r.from, r.target);
    Host& t = hosts_.at(r.target);
    if (t.off || t.cycling)
        return;  // its Off notice was sent, or follows
    switchOff(r.target, r.from, now);
}

void SimBoard::refuse(Request& r, MonoTime now)
{
    r.open = false;
    say(now + settings_.delay, BoardOutput::Kind::Refused, r.from, r.target);
}

// `why`: the requester's name, or "heartbeat timeout".
void SimBoard::switchOff(const std::string& host, const std::string& why, MonoTime now)
{
    Host& t = hosts_.at(host);
    t.cycling = true;
    // Whatever the cause, the target and its peers hear of it before the
    // relay moves (an old board tells nobody).
    if (!settings_.old) {
        say(now + settings_.delay, BoardOutput::Kind::Fencing, host, host, why);
        for (const std::string& p : peersOf(host))
            say(now + settings_.delay, BoardOutput::Kind::Fencing, p, host, why);
    }
    Item confirm;
    confirm.at = now + settings_.offDelay;
    confirm.step = Step::Confirm;
    confirm.host = host;
    confirm.why = why;
    schedule(std::move(confirm));
}

std::optional<MonoTime> SimBoard::nextDue() const
{
    std::optional<MonoTime> next;
    for (const Item& i : items_)
        if (!next || i.at < *next)
            next = i.at;
    return next;
}

std::vector<BoardOutput> SimBoard::takeDue(MonoTime now)
{
    std::vector<BoardOutput> out;
    while (true) {
        auto due = std::min_element(items_.begin(), items_.end(), [](const Item& x, const Item& y) {
            return x.at != y.at ? x.at < y.at : x.seq < y.seq;
        });
        if (due == items_.end() || due->at > now)
            break;
        const Item item = *due;
        items_.erase(due);
        switch (item.step) {
        case Step::Output:
            out.push_back(item.output);
            out.back().seq = item.seq;
            break;
        case Step::SilenceCheck: {
            Host& h = hosts_.at(item.host);
            if (h.silence == item.silence && !h.beating && h.armed && !h.off && !h.cycling)
                switchOff(item.host, "heartbeat timeout", item.at);
            break;
        }
        case Step::Confirm: {
            Host& h = hosts_.at(item.host);
            h.cycling = false;
            h.off = true;
            h.beating = false;
            out.push_back(BoardOutput{item.at, item.seq, BoardOutput::Kind::SwitchOff, "-", item.host, item.why});
            // An old board switches a silent host off all the same, and tells nobody.
            if (!settings_.old)
                for (const std::string& p : peersOf(item.host))
                    say(item.at + settings_.delay, BoardOutput::Kind::Off, p, item.host);
            break;
        }
        case Step::Decide: {
            Request& r = requests_.at(item.request);
            if (!r.open)
                break;
            const Host& from = hosts_.at(r.from);
            const Host& target = hosts_.at(r.target);
            const bool windowEnded = item.at >= r.decideAt;
            if (from.off || from.cycling) {
                refuse(r, item.at);
            } else if (target.off || target.cycling || !target.beating || !target.armed || windowEnded) {
                grant(r, item.at);
            } else {
                // Both heartbeat: a counter request within the window decides.
                auto counter = std::find_if(requests_.begin(), requests_.end(), [&](const Request& c) {
                    return c.open && c.from == r.target && c.target == r.from && &c != &r;
                });
                if (counter != requests_.end()) {
                    const bool rWins = r.active != counter->active ? r.active > counter->active : from.id < target.id;
                    Request& winner = rWins ? r : *counter;
                    Request& loser = rWins ? *counter : r;
                    refuse(loser, item.at);
                    grant(winner, item.at);
                } else {
                    Item later;
                    later.at = r.decideAt;
                    later.step = Step::Decide;
                    later.request = item.request;
                    schedule(std::move(later));
                }
            }
            break;
        }
        }
    }
    return out;
}

} // namespace pgmd::scenario
