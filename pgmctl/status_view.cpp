#include "status_view.hpp"

#include "field_block.hpp"
#include "list_view.hpp"
#include "terminal_style.hpp"
#include "text_table.hpp"
#include "text_width.hpp"
#include "time_format.hpp"
#include "waiting_for.hpp"

#include <algorithm>

namespace pgmctl {

namespace {

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : ", ") + printable(item);
    return out;
}

std::string stateLine(const GroupStatus& g, std::uint64_t now, const OutputSettings& settings)
{
    std::string line = paint(stateLabel(g), stateTone(g.state, g.held), settings.colour);
    if (g.stateChangeTimestampUsec != 0)
        line += " since " + formatTimestampWithAge(g.stateChangeTimestampUsec, now);
    return line;
}

std::string budgetLine(std::uint32_t count, std::uint32_t burst, std::uint64_t intervalUsec)
{
    std::string line = countOfBurst(count, burst);
    if (intervalUsec != 0)
        line += " in " + formatSpan(intervalUsec);
    return line;
}

std::string lastFaultLine(const GroupStatus& g, std::uint64_t now)
{
    std::string line = printable(g.lastFault);
    if (g.lastFaultTimestampUsec != 0)
        line += " (" + formatTimestampWithAge(g.lastFaultTimestampUsec, now) + ")";
    return line;
}

// "billing-api.service  active (running)  Main PID: 1234", names aligned.
std::vector<std::string> memberLines(const GroupStatus& g, const OutputSettings& settings)
{
    if (g.members.empty())
        return {joined(g.units)};  // a pgmd that does not publish Members yet
    TextTable table({"UNIT", "STATE", "PID"});
    for (const MemberStatus& m : g.members) {
        std::string state = m.activeState + (m.subState.empty() ? "" : " (" + m.subState + ")");
        Tone tone = m.activeState == "active" ? Tone::Good : m.activeState == "failed" ? Tone::Bad : Tone::Plain;
        table.addRow({{m.unit}, {state, tone}, {m.mainPid != 0 ? "Main PID: " + std::to_string(m.mainPid) : ""}});
    }
    return splitLines(table.render({false, settings.colour, 0, settings.glyphs.ellipsis}));
}

std::string stepLines(const std::vector<StepRecord>& steps)
{
    std::string out;
    for (const StepRecord& s : steps) {
        out += "  " + formatTimestampMillis(s.timestampUsec) + " " + printable(s.step);
        if (!s.reason.empty())
            out += " (" + printable(s.reason) + ")";
        out += "\n";
    }
    return out;
}

// A group paired across computers: where its halves are and which is active.
void addPairFields(std::vector<Field>& f, const GroupStatus& g, const OutputSettings& settings)
{
    if (g.redundancy.empty() || g.redundancy == "none")
        return;
    f.push_back({"Redundancy", {printable(g.redundancy)}});
    f.push_back({"Nodes", {joined(g.clusterNodes)}});
    f.push_back({"Owners", {g.owners.empty() ? paint("none", Tone::Bad, settings.colour) : joined(g.owners)}});
    // For the other kinds Lead only repeats that this node is an owner.
    if (g.redundancy == "lead-active")
        f.push_back({"Lead", {g.lead ? "this half" : "another half"}});
    std::string mate = "none";
    if (!g.mate.empty())
        mate = printable(g.mate) + " (" +
               (g.mateState.empty() ? std::string("not reported")
                                    : paint(printable(g.mateState), stateTone(g.mateState, false), settings.colour)) +
               ")";
    f.push_back({"Mate", {mate}});
}

std::vector<Field> groupFields(const GroupStatus& g, std::uint64_t now, const OutputSettings& settings)
{
    std::vector<Field> f;
    f.push_back({"Layer", {g.layer}});
    f.push_back({"State", {stateLine(g, now, settings)}});
    f.push_back({"Role", {g.role}});
    if (!g.standby.empty())
        f.push_back({"Standby", {g.standby}});
    if (!g.handshake.empty())
        f.push_back({"Handshake", {g.handshake}});
    f.push_back({"Incarnation", {std::to_string(g.incarnation)}});
    f.push_back({"Held", {g.held ? "yes" + (g.holdReason.empty() ? "" : " (" + printable(g.holdReason) + ")") : "no"}});
    if (!g.waitingFor.empty())
        f.push_back({"Waits for", {describeWaits(g.waitingFor)}});
    addPairFields(f, g, settings);
    if (!g.slice.empty())
        f.push_back({"Slice", {g.slice}});
    if (!g.dependsOn.empty())
        f.push_back({"Depends on", {joined(g.dependsOn)}});
    if (!g.resources.empty())
        f.push_back({"Resources", {joined(g.resources)}});
    f.push_back({"Process restarts",
                 {budgetLine(g.processRestarts, g.processRestartBurst, g.processRestartIntervalUsec)}});
    f.push_back({"Group restarts", {budgetLine(g.groupRestarts, g.groupRestartBurst, g.groupRestartIntervalUsec)}});
    if (g.activationTimeoutUsec != 0)
        f.push_back({"Activation timeout", {formatSpan(g.activationTimeoutUsec)}});
    if (!g.requestedState.empty())
        f.push_back({"Requested", {g.requestedState + " (incarnation " + std::to_string(g.requestedIncarnation) + ")"}});
    if (!g.lastFault.empty())
        f.push_back({"Last fault", {lastFaultLine(g, now)}});
    if (!g.members.empty() || !g.units.empty())
        f.push_back({"Members", memberLines(g, settings)});
    return f;
}

// How pgmd is doing overall, from the worst of its groups.
struct Health {
    std::string label;
    Tone tone;
};

Health managerHealth(const ManagerStatus& m, const std::vector<GroupStatus>& groups)
{
    auto anyIn = [&](std::string_view state) {
        return std::any_of(groups.begin(), groups.end(), [&](const GroupStatus& g) { return g.state == state; });
    };
    if (m.escalationExhausted || anyIn("unavailable"))
        return {"degraded", Tone::Bad};
    if (anyIn("init"))
        return {"starting", Tone::Warning};
    if (m.configStale)
        return {"running a stale configuration", Tone::Warning};
    return {"running", Tone::Good};
}

// Loud on purpose: the files an operator edits are not what pgmd runs.
std::vector<std::string> staleConfigLines(const ManagerStatus& m, const OutputSettings& settings)
{
    std::vector<std::string> lines{paint("STALE CONFIGURATION", Tone::Warning, settings.colour) +
                                   ": the files in " + printable(m.configDirectory) +
                                   " do not load; pgmd runs the last configuration that did"};
    for (const std::string& line : splitLines(m.configStaleReason))
        lines.push_back(printable(line));
    return lines;
}

std::vector<Field> managerFields(const ManagerStatus& m, const Health& health, std::size_t groupCount,
                                 std::uint64_t now, const OutputSettings& settings)
{
    std::string config = printable(m.configDirectory);
    if (m.configLoadedTimestampUsec != 0)
        config += " (loaded " + formatTimestampWithAge(m.configLoadedTimestampUsec, now) + ")";
    std::string reboots = budgetLine(m.rebootCount, m.rebootBurst, m.rebootIntervalUsec) + " (" +
                          std::to_string(m.totalReboots) + " in total)";
    std::string escalation = m.escalationExhausted
                                 ? paint("exhausted", Tone::Bad, settings.colour) +
                                       " (pgmd tries no further recovery until reset-failed)"
                                 : "not exhausted";
    std::vector<Field> fields{
        {"State", {paint(health.label, health.tone, settings.colour)}},
        {"Version", {printable(m.version)}},
        {"Config", {config}},
    };
    if (m.configStale)
        fields.push_back({"Warning", staleConfigLines(m, settings)});
    fields.insert(fields.end(), {
        {"Reboots", {reboots}},
        {"Host re-inits", {countOfBurst(m.hostReinitCount, m.hostReinitBurst)}},
        {"Escalation", {escalation}},
        {"Groups", {std::to_string(groupCount)}},
    });
    return fields;
}

std::string compactGroupList(const std::vector<GroupStatus>& groups, const OutputSettings& settings)
{
    TextTable table({"", "GROUP", "LAYER", "STATE"});
    for (const GroupStatus& g : groups) {
        Tone tone = stateTone(g.state, g.held);
        table.addRow({{std::string(settings.glyphs.bullet), tone}, {g.name}, {g.layer}, {stateLabel(g), tone}});
    }
    std::string out;
    for (const std::string& line : splitLines(table.render({false, settings.colour, 0, settings.glyphs.ellipsis})))
        out += "  " + line + "\n";
    return out;
}

} // namespace

std::string renderGroupStatus(const GroupStatus& g, std::uint64_t nowUsec, const OutputSettings& settings)
{
    std::string title = printable(g.name) + (g.description.empty() ? "" : " - " + printable(g.description));
    std::string out = renderHeader(settings.glyphs.bullet, stateTone(g.state, g.held), title, settings.colour);
    out += renderFields(groupFields(g, nowUsec, settings));
    if (!g.recentSteps.empty())
        out += "\nRecent steps:\n" + stepLines(g.recentSteps);
    return out;
}

std::string renderManagerStatus(const ManagerStatus& m, const std::vector<GroupStatus>& groups,
                                std::uint64_t nowUsec, const OutputSettings& settings)
{
    Health health = managerHealth(m, groups);
    std::vector<Field> fields = managerFields(m, health, groups.size(), nowUsec, settings);
    std::string out = renderHeader(settings.glyphs.bullet, health.tone, printable(m.nodeName), settings.colour);
    out += renderFields(fields);
    if (!groups.empty())
        out += "\n" + compactGroupList(groups, settings);
    return out;
}

} // namespace pgmctl
