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
    TextTable table({"GROUP", "LAYER", "STATE", "ROLE", "INCARNATION", "PROC-RESTARTS", "GROUP-RESTARTS",
                     "LAST-FAULT"});
    for (const GroupStatus& g : groups)
        table.addRow({
            {g.name},
            {g.layer},
            {stateLabel(g), stateTone(g.state, g.held)},
            {g.role},
            {std::to_string(g.incarnation)},
            {countOfBurst(g.processRestarts, g.processRestartBurst)},
            {countOfBurst(g.groupRestarts, g.groupRestartBurst)},
            {g.lastFault.empty() ? "-" : g.lastFault},
        });

    TableLayout layout{settings.legend, settings.colour, settings.width, settings.glyphs.ellipsis};
    std::string out = table.render(layout);
    if (settings.legend)
        out += footer(groups.size());
    return out;
}

} // namespace pgmctl
