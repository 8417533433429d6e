#include "group_members.hpp"

#include "policy_settings.hpp"

#include <algorithm>

namespace pgmd {

namespace {

// Index of the member called `unit`, or -1.
long findMember(const ParsedGroup& g, const std::string& unit)
{
    auto it = std::find_if(g.spec.members.begin(), g.spec.members.end(),
                           [&](const MemberSpec& m) { return m.name == unit; });
    return it == g.spec.members.end() ? -1 : it - g.spec.members.begin();
}

void addMember(ParsedGroup& g, MemberSpec m, MemberOrigin origin)
{
    g.spec.members.push_back(std::move(m));
    g.source.members.push_back(std::move(origin));
}

// Keys that describe how pgmd runs an inline process; meaningless with Unit=.
void rejectInlineKeys(const ProcessSettings& p, pgm::ValueReader& r)
{
    auto reject = [&](unsigned line, const char* key) {
        r.error(line, key, std::string(key) + "= applies only to inline processes (with ExecStart=), not with Unit=");
    };
    if (p.type.given())
        reject(p.type.line, "Type");
    if (!p.environment.empty())
        reject(p.environment.front().line, "Environment");
    if (p.user.given())
        reject(p.user.line, "User");
    if (p.workingDirectory.given())
        reject(p.workingDirectory.line, "WorkingDirectory");
}

void addUnitProcess(const ProcessSettings& p, bool restartable, ParsedGroup& g, pgm::ValueReader& r)
{
    rejectInlineKeys(p, r);
    const std::string& unit = *p.unit.value;
    long i = findMember(g, unit);
    if (i < 0) {
        addMember(g, {.name = unit, .restartable = restartable}, {p.unit.line, "Unit"});
        return;
    }
    auto& origin = g.source.members[static_cast<std::size_t>(i)];
    if (origin.key != "Units") {
        r.error(p.unit.line, "Unit", "unit '" + unit + "' is already used by another [Process.*] section (line " +
                                          std::to_string(origin.line) + ")");
        return;
    }
    // A unit already listed in Units=: this section only sets its options.
    g.spec.members[static_cast<std::size_t>(i)].restartable = restartable;
}

void addInlineProcess(const ProcessSettings& p, bool restartable, ParsedGroup& g, pgm::ValueReader& r)
{
    std::string unit = inlineUnitName(g.spec.name, p.name);
    if (findMember(g, unit) >= 0) {
        r.error(p.execStart.line, "ExecStart",
                "inline process '" + p.name + "' runs as '" + unit + "', which is already a member of this group");
        return;
    }
    MemberSpec m{.name = unit, .restartable = restartable, .isTransient = true, .execStart = *p.execStart.value};
    if (p.type.given())
        m.serviceType = *p.type.value;
    for (const auto& env : p.environment)
        m.environment.push_back(env.value);
    m.user = p.user.value.value_or("");
    m.workingDirectory = p.workingDirectory.value.value_or("");
    addMember(g, std::move(m), {p.execStart.line, "ExecStart"});
}

} // namespace

std::string inlineUnitName(const std::string& group, const std::string& process)
{
    return "pgm-" + group + "-" + process + ".service";
}

void buildMembers(const GroupSettings& settings, ParsedGroup& g, pgm::ValueReader& r)
{
    for (const auto& unit : settings.units)
        if (findMember(g, unit.value) < 0)
            addMember(g, {.name = unit.value, .restartable = g.spec.restartable}, {unit.line, "Units"});

    for (const auto& p : settings.processes) {
        bool restartable = p.restartable.value.value_or(g.spec.restartable);
        if (g.spec.layer == Layer::System && p.restartable.value == true)
            r.error(p.restartable.line, "Restartable", kSystemNeverRestarted);

        if (p.unit.given() && p.execStart.given())
            r.error(std::max(p.unit.line, p.execStart.line), p.unit.line > p.execStart.line ? "Unit" : "ExecStart",
                    "Unit= and ExecStart= cannot be combined in one [Process." + p.name + "] section");
        else if (p.unit.given())
            addUnitProcess(p, restartable, g, r);
        else if (p.execStart.given())
            addInlineProcess(p, restartable, g, r);
        else if (!p.unit.written && !p.execStart.written)
            r.error(p.line, "ExecStart",
                    "[Process." + p.name + "] needs ExecStart= (an inline process) or Unit= (an existing unit)");
    }
}

} // namespace pgmd
