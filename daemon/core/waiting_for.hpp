#pragma once
// What keeps a group from where it should be: the dependencies, resources,
// lower layers, acknowledgement or operator decision it waits for. A pure
// reading of the engine's state, for the bus (WaitingFor), for operators who
// ask why a group does not start, and for the engine's own journal lines.

#include "engine.hpp"

#include <string>
#include <vector>

namespace pgmd {

enum class WaitKind {
    Offline,          // an operator took it offline
    Hold,             // out of service until an operator acts
    Group,            // a DependsOn= group that is not running
    Layer,            // a lower layer that is not complete
    Resource,         // a resource not known to be healthy
    Acknowledgement,  // Handshake=bus: the application has not answered yet
};

// The names on the bus: offline, hold, group, layer, resource, acknowledgement.
const char* toString(WaitKind);

struct Wait {
    WaitKind kind;
    std::string name;    // the group, resource, layer or asked state; "" for offline and hold
    std::string detail;  // its state, the resource's error, the hold reason, the incarnation asked
    friend bool operator==(const Wait&, const Wait&) = default;
};

// What would keep the group from starting now, whatever its own state:
// dependencies, lower layers and resources, in that order.
std::vector<Wait> startBlockers(const Engine& engine, const GroupRuntime& g);

// Everything the group waits for before it is at its target; empty when it
// is there (or on its way with nothing outside itself to wait for).
std::vector<Wait> waitingFor(const Engine& engine, const GroupRuntime& g);

// "group billing (unavailable), resource spool (failing: missing)", as the
// journal says it.
std::string describe(const std::vector<Wait>& waits);

} // namespace pgmd
