#pragma once
// What the bus layer publishes, as plain data, and the operator actions it
// forwards. The daemon implements StateSource on top of the engine; the bus
// layer never sees the engine itself.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgmd {

struct GroupInfo {
    std::string name, layer, state, role, slice, lastFault, holdReason;
    std::vector<std::string> units, dependsOn, resources;
    unsigned processRestarts = 0, processRestartBurst = 0, groupRestarts = 0, groupRestartBurst = 0;
    std::uint64_t incarnation = 0;
    bool held = false;
};

struct ManagerInfo {
    std::string nodeName;
    unsigned rebootCount = 0, rebootBurst = 0;
    std::uint64_t totalReboots = 0;
    bool escalationExhausted = false;
};

enum class OpError { None, NoSuchGroup, InvalidState };

struct OpResult {
    OpError error = OpError::None;
    std::string message;  // for the caller when error != None
};

class StateSource {
public:
    virtual ~StateSource() = default;
    virtual std::vector<std::string> groupNames() const = 0;  // configuration order
    virtual std::optional<GroupInfo> group(const std::string& name) const = 0;
    virtual ManagerInfo manager() const = 0;
    virtual OpResult offline(const std::string& group) = 0;
    virtual OpResult online(const std::string& group) = 0;
    virtual OpResult restart(const std::string& group) = 0;
};

} // namespace pgmd
