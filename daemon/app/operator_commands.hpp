#pragma once
// Operator and application commands from the bus, turned into engine calls:
// each is logged for the audit trail first, the engine's answer is carried
// out, and its verdict is mapped to the bus's errors. Arguments the bus
// passes as text (states, recoveries) are checked here.

#include "bus/state_source.hpp"
#include "core/engine.hpp"

#include <cstdint>
#include <string>

namespace pgmd {

class ActionExecutor;

class OperatorCommands {
public:
    OperatorCommands(Engine& engine, ActionExecutor& executor);

    OpResult offline(const std::string& group);
    OpResult online(const std::string& group);
    OpResult restart(const std::string& group);
    OpResult restartMember(const std::string& group, const std::string& unit);
    OpResult resetFailed(const std::string& group);
    OpResult resetFailedAll();
    OpResult activate(const std::string& group);
    OpResult deactivate(const std::string& group);
    OpResult acknowledge(const std::string& group, const std::string& state, std::uint64_t incarnation);
    OpResult reportFault(const std::string& group, const std::string& recovery, const std::string& unit,
                         const std::string& reason);

private:
    // Carries out the answer's actions (none when refused) and maps its verdict.
    OpResult carryOut(OperatorResult answer);

    Engine& engine_;
    ActionExecutor& executor_;
};

// The bus's name for the engine's verdict.
OpError toOpError(OperatorError error);

} // namespace pgmd
