#include "list_view.hpp"

#include "text_table.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <tuple>

namespace pgmctl {

namespace {

constexpr std::array<std::string_view, 3> kLayerOrder{"system", "platform", "application"};

// Unknown layers (a newer pgmd) sort after the known ones.
std::size_t layerRank(std::string_view layer)
{
    auto it = std::find(kLayerOrder.begin(), kLayerOrder.end(), layer);
    return static_cast<std::size_t>(it - kLayerOrder.begin());
}

// Columns of the table, for the order in which a narrow terminal drops them.
constexpr std::size_t kLayerColumn = 1;
constexpr std::size_t kRoleColumn = 3;
constexpr std::size_t kIncarnationColumn = 4;
constexpr std::size_t kRestartsColumn = 5;

std::string footer(std::size_t count)
{
    return "\n" + std::to_string(count) + (count == 1 ? " group listed.\n" : " groups listed.\n");
}

} // namespace

void sortForDisplay(std::vector<GroupStatus>& groups)
{
    std::stable_sort(groups.begin(), groups.end(), [](const GroupStatus& a, const GroupStatus& b) {
        return std::forward_as_tuple(layerRank(a.layer), a.name) < std::forward_as_tuple(layerRank(b.layer), b.name);
    });
}

std::string countOfBurst(std::uint32_t count, std::uint32_t burst)
{
    return std::to_string(count) + "/" + std::to_string(burst);
}

std::string stateLabel(const GroupStatus& group)
{
    return group.held ? group.state + " (held)" : group.state;
}

std::string renderGroupList(const std::vector<GroupStatus>& groups, const OutputSettings& settings)
{
    TextTable table({"GROUP", "LAYER", "STATE", "ROLE", "INC", "RESTARTS", "LAST-FAULT"});
    // What an operator needs at a glance stays: the name, the state, the
    // restarts and the last fault. The incarnation matters to applications,
    // the layer shows in the order of the rows, the role only for pairs.
    table.setNarrowing({{kIncarnationColumn, kLayerColumn, kRoleColumn, kRestartsColumn}, 20, 16});
    for (const GroupStatus& g : groups)
        table.addRow({
            {g.name},
            {g.layer},
            {stateLabel(g), stateTone(g.state, g.held)},
            {g.role},
            {std::to_string(g.incarnation)},
            {restartsLabel(g)},
            {g.lastFault.empty() ? "-" : g.lastFault},
        });

    TableLayout layout{settings.legend, settings.colour, settings.width, settings.glyphs.ellipsis};
    std::string out = table.render(layout);
    if (settings.legend)
        out += footer(groups.size());
    return out;
}

std::string restartsLabel(const GroupStatus& group)
{
    return "p" + countOfBurst(group.processRestarts, group.processRestartBurst) + " g" +
           countOfBurst(group.groupRestarts, group.groupRestartBurst);
}

} // namespace pgmctl
