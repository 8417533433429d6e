#pragma once
// This node's halves as the pair arbiter reports them, read off the engine.

#include "messages.hpp"
#include "core/engine.hpp"

#include <vector>

namespace pgmd::cluster {

// One HalfReport per clustered group (Redundancy= other than none), in the
// engine's order. A half claims when it is active, starting towards active,
// or asked (through its handshake) to become active; it is ready when it is
// a standby, not held and not already on its way to active.
std::vector<HalfReport> reportHalves(const Engine&);

} // namespace pgmd::cluster
