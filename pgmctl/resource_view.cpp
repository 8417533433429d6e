#include "resource_view.hpp"

#include "field_block.hpp"
#include "terminal_style.hpp"
#include "text_table.hpp"
#include "text_width.hpp"
#include "time_format.hpp"

#include <algorithm>

namespace pgmctl {

namespace {

std::string joined(const std::vector<std::string>& items, const char* separator)
{
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : separator) + printable(item);
    return out;
}

std::string footer(std::size_t count)
{
    return "\n" + std::to_string(count) + (count == 1 ? " resource listed.\n" : " resources listed.\n");
}

std::string lastCheckAge(const ResourceStatus& r, std::uint64_t now)
{
    return r.lastCheckTimestampUsec == 0 ? "never" : formatRelative(r.lastCheckTimestampUsec, now);
}

std::string stateLine(const ResourceStatus& r, std::uint64_t now, const OutputSettings& settings)
{
    std::string line = paint(r.state, resourceStateTone(r.state), settings.colour);
    if (r.stateChangeTimestampUsec != 0)
        line += " since " + formatTimestampWithAge(r.stateChangeTimestampUsec, now);
    return line;
}

std::string reinitLine(const ResourceStatus& r, std::uint64_t now)
{
    std::string line = std::to_string(r.reinitCount);
    if (r.lastReinitTimestampUsec != 0)
        line += " (last " + formatTimestampWithAge(r.lastReinitTimestampUsec, now) + ")";
    return line;
}

// What the resource is: the thing checked, as its file says it.
std::vector<Field> checkedFields(const ResourceStatus& r)
{
    std::vector<Field> f;
    if (!r.path.empty())
        f.push_back({"Path", {printable(r.path)}});
    if (r.kind == "free-space")
        f.push_back({"Min free", {std::to_string(r.minFreeBytes) + " bytes"}});
    if (!r.command.empty())
        f.push_back({"Command", {joined(r.command, " ")}});
    f.push_back({"Reinit", {r.reinit.empty() ? "-" : joined(r.reinit, " ")}});
    if (r.checkIntervalUsec != 0)
        f.push_back({"Check every", {formatSpan(r.checkIntervalUsec)}});
    if (r.timeoutUsec != 0)
        f.push_back({"Timeout", {formatSpan(r.timeoutUsec)}});
    return f;
}

std::vector<Field> resourceFields(const ResourceStatus& r, std::uint64_t now, const OutputSettings& settings)
{
    std::vector<Field> f;
    f.push_back({"Kind", {r.kind}});
    f.push_back({"State", {stateLine(r, now, settings)}});
    f.push_back({"Last check",
                 {r.lastCheckTimestampUsec == 0 ? "never" : formatTimestampWithAge(r.lastCheckTimestampUsec, now)}});
    if (!r.lastError.empty())
        f.push_back({"Last error", {printable(r.lastError)}});
    f.push_back({"Re-inits", {reinitLine(r, now)}});
    f.push_back({"Used by", {r.usedBy.empty() ? "-" : joined(r.usedBy, ", ")}});
    for (Field& field : checkedFields(r))
        f.push_back(std::move(field));
    return f;
}

} // namespace

void sortResourcesForDisplay(std::vector<ResourceStatus>& resources)
{
    std::stable_sort(resources.begin(), resources.end(),
                     [](const ResourceStatus& a, const ResourceStatus& b) { return a.name < b.name; });
}

std::string renderResourceList(const std::vector<ResourceStatus>& resources, std::uint64_t nowUsec,
                               const OutputSettings& settings)
{
    TextTable table({"RESOURCE", "KIND", "STATE", "LAST-CHECK", "REINITS", "USED-BY"});
    for (const ResourceStatus& r : resources)
        table.addRow({
            {printable(r.name)},
            {r.kind},
            {r.state, resourceStateTone(r.state)},
            {lastCheckAge(r, nowUsec)},
            {std::to_string(r.reinitCount)},
            {r.usedBy.empty() ? "-" : joined(r.usedBy, ",")},
        });

    TableLayout layout{settings.legend, settings.colour, settings.width, settings.glyphs.ellipsis};
    std::string out = table.render(layout);
    if (settings.legend)
        out += footer(resources.size());
    return out;
}

std::string renderResourceStatus(const ResourceStatus& r, std::uint64_t nowUsec, const OutputSettings& settings)
{
    std::string out = renderHeader(settings.glyphs.bullet, resourceStateTone(r.state),
                                   "resource " + printable(r.name), settings.colour);
    out += renderFields(resourceFields(r, nowUsec, settings));
    return out;
}

Json resourceJson(const ResourceStatus& r)
{
    return {
        {"name", r.name},
        {"kind", r.kind},
        {"state", r.state},
        {"state_change_timestamp", r.stateChangeTimestampUsec},
        {"last_check_timestamp", r.lastCheckTimestampUsec},
        {"last_error", r.lastError},
        {"reinit_count", r.reinitCount},
        {"last_reinit_timestamp", r.lastReinitTimestampUsec},
        {"used_by", r.usedBy},
        {"path", r.path},
        {"min_free_bytes", r.minFreeBytes},
        {"command", r.command},
        {"reinit", r.reinit},
        {"check_interval_usec", r.checkIntervalUsec},
        {"timeout_usec", r.timeoutUsec},
    };
}

} // namespace pgmctl
