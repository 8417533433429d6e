#pragma once
// A scenario file, parsed: the nodes with their configurations, the links
// between them, and the timed script. The grammar is in ../README.md.

#include "board.hpp"
#include "cpg_ring.hpp"

#include "core/model.hpp"

#include <string>
#include <vector>

namespace pgmd::scenario {

struct NodeDecl {
    std::string name;
    Config config;
};

struct LinkDecl {
    std::string a;
    std::string b;
    Duration delay{0};
};

struct Event {
    Duration at{0};                  // since the scenario's start
    std::string node;                // empty for link events and waits
    std::vector<std::string> words;  // the verb and its arguments
    int line = 0;                    // in the file, for messages
};

struct Scenario {
    std::vector<NodeDecl> nodes;  // in declaration order: ties in time go in this order
    std::vector<LinkDecl> links;
    std::vector<Event> events;    // in time order
    RingSettings ring;            // the `cpg` line
    Duration fenceDelay{std::chrono::seconds(1)};  // a fence agent's run, off confirmed
    BoardSettings board;                           // the `board` line: every node is a host on it
    // `expect-dual-active WHY...`: the script makes the fence unreliable on
    // purpose, so the "!!" lines it causes are the recorded result rather
    // than a failure. Empty: any "!!" fails, as everywhere else.
    std::string dualActiveExpected;
};

// Throws std::runtime_error naming the line on any mistake.
Scenario parseScenario(const std::string& text);

} // namespace pgmd::scenario
