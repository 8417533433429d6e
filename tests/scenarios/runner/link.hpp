#pragma once
// Simulated links between nodes, on the scenario's fake clock. Engines do not
// talk to each other yet; cluster work will pass its messages here, so that
// scenarios can delay them, cut a link and see what each side decides.
// A message sent over a link that is down, or in flight when it goes down,
// is lost, as a knet link loses it.

#include "core/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pgmd::scenario {

struct Message {
    MonoTime deliverAt;
    std::string from;
    std::string to;
    std::string text;
};

class Network {
public:
    void addLink(const std::string& a, const std::string& b, Duration delay);
    // False when there is no such link or it is down: the message is lost.
    bool send(const std::string& from, const std::string& to, const std::string& text, MonoTime now);
    void setUp(const std::string& a, const std::string& b, bool up);
    // True when a link joins the two nodes and is up.
    bool connected(const std::string& a, const std::string& b) const;
    std::optional<MonoTime> nextDelivery() const;
    // Messages due by `now`, oldest first, taken off the wire.
    std::vector<Message> takeDue(MonoTime now);

private:
    struct Link {
        std::string a;
        std::string b;
        Duration delay;
        bool up = true;
        bool joins(const std::string& x, const std::string& y) const
        {
            return (a == x && b == y) || (a == y && b == x);
        }
    };
    Link* find(const std::string& x, const std::string& y);
    const Link* find(const std::string& x, const std::string& y) const;

    std::vector<Link> links_;
    std::vector<Message> inFlight_;  // in send order; equal delays keep it
};

} // namespace pgmd::scenario
