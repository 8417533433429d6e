#include "action_text.hpp"

namespace pgmd {

namespace {

std::string incarnation(std::uint64_t n)
{
    return "#" + std::to_string(n);
}

struct Describe {
    std::optional<std::string> operator()(const StartUnit& a) const { return "StartUnit " + a.unit; }
    std::optional<std::string> operator()(const RestartUnit& a) const { return "RestartUnit " + a.unit; }
    std::optional<std::string> operator()(const StopUnit& a) const { return "StopUnit " + a.unit; }
    std::optional<std::string> operator()(const ResetFailedUnit& a) const { return "ResetFailedUnit " + a.unit; }
    std::optional<std::string> operator()(const CheckResource& a) const { return "CheckResource " + a.resource; }
    std::optional<std::string> operator()(const ReinitResource& a) const { return "ReinitResource " + a.resource; }
    std::optional<std::string> operator()(const RebootHost& a) const { return "RebootHost: " + a.reason; }
    std::optional<std::string> operator()(const PersistNow&) const { return "PersistNow"; }
    std::optional<std::string> operator()(const RequestPowerCycle& a) const { return "RequestPowerCycle: " + a.reason; }
    std::optional<std::string> operator()(const ResourceSetUp& a) const
    {
        return "ResourceSetUp " + a.resource + ": " + a.reason;
    }
    std::optional<std::string> operator()(const StateChanged& a) const
    {
        return "StateChanged " + a.group + " " + toString(a.from) + " -> " + toString(a.to) + " " +
               incarnation(a.incarnation) + ": " + a.reason;
    }
    std::optional<std::string> operator()(const RequestActivation& a) const
    {
        return "RequestActivation " + a.group + " " + toString(a.state) + " " + incarnation(a.incarnation);
    }
    std::optional<std::string> operator()(const EscalationTaken& a) const
    {
        return "EscalationTaken " + (a.group.empty() ? std::string("-") : a.group) + " " + toString(a.step) + ": " +
               a.reason;
    }
    std::optional<std::string> operator()(const GroupAdopted& a) const
    {
        return "GroupAdopted " + a.group + " " + toString(a.state);
    }
    std::optional<std::string> operator()(const GroupUpdated&) const { return std::nullopt; }
    std::optional<std::string> operator()(const ResourceUpdated&) const { return std::nullopt; }
    std::optional<std::string> operator()(const ManagerUpdated&) const { return std::nullopt; }
};

} // namespace

std::optional<std::string> describe(const Action& action)
{
    return std::visit(Describe{}, action);
}

} // namespace pgmd
