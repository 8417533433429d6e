#pragma once
// The nodes of a scenario, each an engine with its own fake systemd, on one
// shared fake clock, joined by simulated links; it plays the script and
// writes the trace.

#include "harness.hpp"
#include "link.hpp"
#include "scenario.hpp"

#include <list>
#include <string>
#include <vector>

namespace pgmd::scenario {

class Cluster {
public:
    explicit Cluster(const Scenario& scenario);

    // Plays every event in order; returns the trace, one line each.
    std::vector<std::string> play(const std::vector<Event>& events);

private:
    struct Node {
        Node(std::string n, const Config& config, pgm::ManualClock& clock) : name(std::move(n)), harness(config,
                                                                                                         clock) {}
        std::string name;
        test::Harness harness;
    };
    Node& node(const std::string& name);
    // Fires, in time order, every node's timer and every delivery due by `until`.
    void runUntil(MonoTime until);
    void apply(const Event& e);
    // Runs `step` on the node and traces the actions it led to.
    template <typename Step> void traced(Node& n, Step step);
    void say(const std::string& node, const std::string& text);

    pgm::ManualClock clock_;  // before the nodes: they hold on to it
    const MonoTime start_;
    std::list<Node> nodes_;  // a list: each harness stays where it was built
    Network network_;
    std::vector<std::string> trace_;
};

} // namespace pgmd::scenario
