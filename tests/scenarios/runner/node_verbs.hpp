#pragma once
// What one script line does to one node: an event for its engine, a change in
// how its fake systemd behaves, an operator's command, or a look at a group.

#include "harness.hpp"

#include <string>
#include <vector>

namespace pgmd::scenario {

// Carries out the verb (words[0]) on the node. Returns the lines it has to
// say beyond the engine's actions: a refused command and why, what "show"
// saw. Throws std::runtime_error for a verb or argument it does not know.
std::vector<std::string> applyNodeVerb(test::Harness& node, const std::vector<std::string>& words);

} // namespace pgmd::scenario
