#include "cluster.hpp"

#include "node_verbs.hpp"
#include "words.hpp"

#include "core/action_text.hpp"

#include <stdexcept>

namespace pgmd::scenario {

Cluster::Cluster(const Scenario& scenario) : start_(clock_.monotonic())
{
    for (const NodeDecl& d : scenario.nodes)
        nodes_.emplace_back(d.name, d.config, clock_);
    for (const LinkDecl& l : scenario.links) {
        node(l.a);
        node(l.b);
        network_.addLink(l.a, l.b, l.delay);
    }
}

Cluster::Node& Cluster::node(const std::string& name)
{
    for (Node& n : nodes_)
        if (n.name == name)
            return n;
    throw std::runtime_error("no node " + name);
}

void Cluster::say(const std::string& node, const std::string& text)
{
    trace_.push_back(formatOffset(clock_.monotonic() - start_) + " " + node + " " + text);
}

template <typename Step> void Cluster::traced(Node& n, Step step)
{
    const std::size_t before = n.harness.log.size();
    const std::vector<std::string> notes = step();
    for (std::size_t i = before; i < n.harness.log.size(); ++i)
        if (auto line = describe(n.harness.log[i]))
            say(n.name, *line);
    for (const std::string& note : notes)
        say(n.name, note);
}

void Cluster::runUntil(MonoTime until)
{
    while (true) {
        // The earliest of the nodes' deadlines and the link's deliveries;
        // on a tie, nodes in declaration order, then the link.
        Node* due = nullptr;
        std::optional<MonoTime> next;
        for (Node& n : nodes_) {
            const auto d = n.harness.engine->nextDeadline();
            if (d && (!next || *d < *next)) {
                next = d;
                due = &n;
            }
        }
        const auto delivery = network_.nextDelivery();
        if (delivery && (!next || *delivery < *next)) {
            next = delivery;
            due = nullptr;
        }
        if (!next || *next > until)
            break;
        if (*next > clock_.monotonic())
            clock_.advance(*next - clock_.monotonic());
        if (due) {
            traced(*due, [&] {
                due->harness.process(due->harness.engine->onTimer());
                return std::vector<std::string>{};
            });
            continue;
        }
        // Engines do not take messages yet: arriving is all a message does.
        for (const Message& m : network_.takeDue(clock_.monotonic()))
            say(m.to, "Received from " + m.from + ": " + m.text);
    }
    if (until > clock_.monotonic())
        clock_.advance(until - clock_.monotonic());
}

void Cluster::apply(const Event& e)
{
    const auto& w = e.words;
    if (w[0] == "wait")
        return;
    if (w[0] == "link-down" || w[0] == "link-up") {
        if (w.size() != 3)
            throw std::runtime_error(w[0] + " NODE NODE");
        network_.setUp(w[1], w[2], w[0] == "link-up");
        say("-", w[0] + " " + w[1] + " " + w[2]);
        return;
    }
    Node& n = node(e.node);
    say(n.name, "> " + joinWords(w, 0));
    if (w[0] == "send") {
        if (w.size() < 3)
            throw std::runtime_error("send NODE TEXT...");
        node(w[1]);
        if (!network_.send(n.name, w[1], joinWords(w, 2), clock_.monotonic()))
            say(n.name, "Lost on the way to " + w[1]);
        return;
    }
    traced(n, [&] { return applyNodeVerb(n.harness, w); });
}

std::vector<std::string> Cluster::play(const std::vector<Event>& events)
{
    for (const Event& e : events) {
        runUntil(start_ + e.at);
        try {
            apply(e);
        } catch (const std::exception& ex) {
            throw std::runtime_error("line " + std::to_string(e.line) + ": " + ex.what());
        }
    }
    return trace_;
}

} // namespace pgmd::scenario
