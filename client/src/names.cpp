// The bus names of run states and recoveries, one table each so that both
// directions of the conversion come from the same pairs.

#include <pgmd/client.hpp>

#include <array>
#include <utility>

namespace pgmd::client {
namespace {

constexpr std::array<std::pair<RunState, std::string_view>, 2> kRunStates{{
    {RunState::Active, "active"},
    {RunState::Standby, "standby"},
}};

constexpr std::array<std::pair<Recovery, std::string_view>, 3> kRecoveries{{
    {Recovery::RestartProcess, "restart-process"},
    {Recovery::RestartGroup, "restart-group"},
    {Recovery::OutOfService, "out-of-service"},
}};

template <typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value)
{
    for (const auto& [entry, name] : table)
        if (entry == value)
            return name;
    // Only a value cast from outside the enum gets here.
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, std::string_view>, N>& table, std::string_view name)
{
    for (const auto& [entry, entryName] : table)
        if (entryName == name)
            return entry;
    return std::nullopt;
}

} // namespace

std::string_view busName(RunState state)
{
    return nameOf(kRunStates, state);
}

std::string_view busName(Recovery recovery)
{
    return nameOf(kRecoveries, recovery);
}

std::optional<RunState> parseRunState(std::string_view name)
{
    return valueOf(kRunStates, name);
}

std::optional<Recovery> parseRecovery(std::string_view name)
{
    return valueOf(kRecoveries, name);
}

} // namespace pgmd::client
