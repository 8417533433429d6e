#pragma once
// Operator and application commands from the bus, turned into engine calls:
// the engine's answer is carried out, and its verdict is mapped to the bus's
// errors (the bus reports each request and its outcome to the audit trail,
// RequestAuditLog). Arguments the bus
// passes as text (states, recoveries) are checked here. Reload and
// CheckConfig go to the reloader.

#include "bus/state_source.hpp"
#include "core/engine.hpp"

#include <cstdint>
#include <string>

namespace pgmd {

class ActionExecutor;
class Reloader;

class OperatorCommands final : public OperatorRequests {
public:
    OperatorCommands(Engine& engine, ActionExecutor& executor, Reloader& reloader);

    OpResult offline(const std::string& group) override;
    OpResult online(const std::string& group) override;
    OpResult restart(const std::string& group) override;
    OpResult restartMember(const std::string& group, const std::string& unit) override;
    OpResult resetFailed(const std::string& group) override;
    OpResult resetFailedAll() override;
    OpResult activate(const std::string& group) override;
    OpResult deactivate(const std::string& group) override;
    OpResult acknowledge(const std::string& group, const std::string& state, std::uint64_t incarnation) override;
    OpResult reportFault(const std::string& group, const std::string& recovery, const std::string& unit,
                         const std::string& reason) override;
    OpResult reload() override;
    std::vector<std::string> checkConfig() override;

private:
    // Carries out the answer's actions (none when refused) and maps its verdict.
    OpResult carryOut(OperatorResult answer);

    Engine& engine_;
    ActionExecutor& executor_;
    Reloader& reloader_;
};

// The bus's name for the engine's verdict.
OpError toOpError(OperatorError error);

} // namespace pgmd
