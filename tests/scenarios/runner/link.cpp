#include "link.hpp"

#include <algorithm>
#include <stdexcept>

namespace pgmd::scenario {

void Network::addLink(const std::string& a, const std::string& b, Duration delay)
{
    links_.push_back({a, b, delay});
}

Network::Link* Network::find(const std::string& x, const std::string& y)
{
    for (Link& l : links_)
        if (l.joins(x, y))
            return &l;
    return nullptr;
}

const Network::Link* Network::find(const std::string& x, const std::string& y) const
{
    for (const Link& l : links_)
        if (l.joins(x, y))
            return &l;
    return nullptr;
}

bool Network::connected(const std::string& a, const std::string& b) const
{
    const Link* l = find(a, b);
    return l && l->up;
}

bool Network::send(const std::string& from, const std::string& to, const std::string& text, MonoTime now)
{
    const Link* l = find(from, to);
    if (!l || !l->up)
        return false;
    inFlight_.push_back({now + l->delay, from, to, text});
    return true;
}

void Network::setUp(const std::string& a, const std::string& b, bool up)
{
    Link* l = find(a, b);
    if (!l)
        throw std::runtime_error("no link between " + a + " and " + b);
    l->up = up;
    if (!up)
        std::erase_if(inFlight_, [&](const Message& m) { return l->joins(m.from, m.to); });
}

std::optional<MonoTime> Network::nextDelivery() const
{
    std::optional<MonoTime> next;
    for (const Message& m : inFlight_)
        if (!next || m.deliverAt < *next)
            next = m.deliverAt;
    return next;
}

std::vector<Message> Network::takeDue(MonoTime now)
{
    std::vector<Message> due;
    std::copy_if(inFlight_.begin(), inFlight_.end(), std::back_inserter(due),
                 [&](const Message& m) { return m.deliverAt <= now; });
    std::stable_sort(due.begin(), due.end(),
                     [](const Message& x, const Message& y) { return x.deliverAt < y.deliverAt; });
    std::erase_if(inFlight_, [&](const Message& m) { return m.deliverAt <= now; });
    return due;
}

} // namespace pgmd::scenario
