#include "operator_commands.hpp"

#include "action_executor.hpp"
#include "reloader.hpp"


#include <utility>

namespace pgmd {

namespace {

// The bus speaks in state names; "active" and "standby" are the only ones an
// application may acknowledge.
std::optional<GroupState> runStateFromString(const std::string& s)
{
    auto state = groupStateFromString(s);
    return state && isRunning(*state) ? state : std::nullopt;
}

OpResult invalidArgument(std::string message)
{
    return {OpError::InvalidArgument, std::move(message)};
}

} // namespace

OpError toOpError(OperatorError error)
{
    static constexpr std::pair<OperatorError, OpError> kErrors[] = {
        {OperatorError::None, OpError::None},
        {OperatorError::NoSuchGroup, OpError::NoSuchGroup},
        {OperatorError::InvalidState, OpError::InvalidState},
        {OperatorError::StaleIncarnation, OpError::StaleIncarnation},
        {OperatorError::InvalidArgument, OpError::InvalidArgument},
    };
    for (const auto& [core, bus] : kErrors)
        if (core == error)
            return bus;
    return OpError::InvalidState;
}

OperatorCommands::OperatorCommands(Engine& engine, ActionExecutor& executor, Reloader& reloader)
    : engine_(engine), executor_(executor), reloader_(reloader)
{
}

OpResult OperatorCommands::carryOut(OperatorResult answer)
{
    executor_.execute(std::move(answer.actions));
    return {toOpError(answer.error), answer.message};
}

OpResult OperatorCommands::offline(const std::string& group)
{
    return carryOut(engine_.offline(group));
}

OpResult OperatorCommands::online(const std::string& group)
{
    return carryOut(engine_.online(group));
}

OpResult OperatorCommands::restart(const std::string& group)
{
    return carryOut(engine_.restart(group));
}

OpResult OperatorCommands::restartMember(const std::string& group, const std::string& unit)
{
    return carryOut(engine_.restartMember(group, unit));
}

OpResult OperatorCommands::resetFailed(const std::string& group)
{
    return carryOut(engine_.resetFailed(group));
}

OpResult OperatorCommands::resetFailedAll()
{
    return carryOut(engine_.resetFailedAll());
}

OpResult OperatorCommands::activate(const std::string& group)
{
    return carryOut(engine_.activate(group));
}

OpResult OperatorCommands::deactivate(const std::string& group)
{
    return carryOut(engine_.deactivate(group));
}

OpResult OperatorCommands::acknowledge(const std::string& group, const std::string& state,
                                       std::uint64_t incarnation)
{
    auto target = runStateFromString(state);
    if (!target)
        return invalidArgument("'" + state + "' is not a state to acknowledge; expected active or standby");
    return carryOut(engine_.acknowledge(group, *target, incarnation));
}

OpResult OperatorCommands::reportFault(const std::string& group, const std::string& recovery,
                                       const std::string& unit, const std::string& reason)
{
    auto r = recoveryFromString(recovery);
    if (!r)
        return invalidArgument("'" + recovery +
                               "' is not a recovery; expected restart-process, restart-group or out-of-service");
    if (*r == Recovery::RestartProcess && unit.empty())
        return invalidArgument("restart-process needs the unit to restart");
    return carryOut(engine_.reportFault(group, *r, unit, reason));
}

OpResult OperatorCommands::reload()
{
    return reloader_.reload();
}

std::vector<std::string> OperatorCommands::checkConfig()
{
    return reloader_.checkConfig();
}

} // namespace pgmd
