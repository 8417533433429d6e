#pragma once
// The nodes of a scenario, each an engine with its own fake systemd, on one
// shared fake clock, joined by simulated links; it plays the script and
// writes the trace. Nodes with a [Cluster] also run a pair arbiter, whose
// messages travel on a simulated CPG ring (cpg_ring.hpp) over those links.

#include "board.hpp"
#include "cpg_ring.hpp"
#include "harness.hpp"
#include "link.hpp"
#include "scenario.hpp"

#include "core/cluster/pair_arbiter.hpp"

#include <list>
#include <memory>
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
        std::string name;
        Config config;
        std::unique_ptr<test::Harness> harness;          // null while the host is down
        std::unique_ptr<cluster::PairArbiter> arbiter;   // null without [Cluster], or while pgmd is down
        bool booted = false;       // the host is up and its pgmd was started
        bool pgmdRunning = false;  // false after a crash: its groups still run, nobody manages them
        bool fenceFails = false;   // its fence agent fails
        bool fenceLies = false;    // its fence agent says off and leaves the target running
        bool hung = false;         // stopped whole (pgmd, corosync): its units still run
        std::size_t traced = 0;    // engine actions already in the trace
    };
    struct PendingFence {
        MonoTime at;
        std::string fencer;
        std::string target;
    };

    Node& node(const std::string& name);
    // Fires, in time order, every node's timers, every delivery due on the
    // links and the ring, and every fence agent's end, up to `until`.
    void runUntil(MonoTime until);
    void apply(const Event& e);
    bool clusterVerb(Node& n, const std::vector<std::string>& w);
    void say(const std::string& node, const std::string& text);

    // The host and pgmd's life.
    void bootHost(Node& n);
    void hostDown(Node& n);
    void startPgmd(Node& n, bool adopt);
    void crashPgmd(Node& n, bool crashed);
    void hangHost(Node& n);

    // Writes the engine's new actions into the trace, then lets the arbiter
    // see the local halves and carries out what it answers, until both rest.
    void settle(Node& n);
    void flushEngine(Node& n);
    void carry(Node& n, const cluster::ClusterActions& actions);
    void deliver(const RingDelivery& d);
    void fenceEnded(const PendingFence& f);
    // What the board said or did (board.hpp), carried to the node it concerns.
    void boardOutput(const BoardOutput& o);
    // "!!" in the trace: more halves active than the group allows.
    void checkActives();

    pgm::ManualClock clock_;  // before the nodes: they hold on to it
    const MonoTime start_;
    std::list<Node> nodes_;  // a list: each harness stays where it was built
    Network network_;
    CpgRing ring_;
    SimBoard board_;
    Duration fenceDelay_{std::chrono::seconds(1)};
    std::vector<PendingFence> fences_;
    std::vector<std::string> trace_;
};

} // namespace pgmd::scenario
