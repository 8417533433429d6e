#include "group_settings.hpp"

#include "common/ini/command_line.hpp"
#include "common/ini/values.hpp"

#include <algorithm>
#include <string_view>

namespace pgmd {

namespace {

constexpr std::string_view kProcessPrefix = "Process.";

// Appends the entry's words that pass `valid`, reporting the others. An empty
// assignment clears the list, as in systemd unit files.
template <class Valid>
void appendWords(std::vector<pgm::Located>& list, const pgm::IniEntry& e, pgm::ValueReader& r, Valid valid)
{
    if (e.value.empty()) {
        list.clear();
        return;
    }
    for (auto& word : r.words(e))
        if (valid(word.value))
            list.push_back(std::move(word));
}

auto checkUnit(pgm::ValueReader& r, const pgm::IniEntry& e)
{
    return [&r, &e](const std::string& unit) {
        if (pgm::isServiceUnitName(unit))
            return true;
        r.error(e, "'" + unit + "' is not a service unit name (only .service units may be members)");
        return false;
    };
}

auto checkName(pgm::ValueReader& r, const pgm::IniEntry& e, std::string what)
{
    return [&r, &e, what](const std::string& name) {
        if (pgm::isValidName(name))
            return true;
        r.error(e, "invalid " + what + " name '" + name + "' (" + std::string(pgm::kNameRule) + ")");
        return false;
    };
}

void readGroupKey(const pgm::IniEntry& e, GroupSettings& g, pgm::ValueReader& r)
{
    if (e.key == "Description") {
        r.assign(g.description, e, [](const pgm::IniEntry& x) { return std::optional(x.value); });
    } else if (e.key == "Layer") {
        r.assign(g.layer, e, [&r](const pgm::IniEntry& x) -> std::optional<Layer> {
            if (r.choice(x, {"system", "platform", "application"}))
                return layerFromString(x.value);
            return std::nullopt;
        });
    } else if (e.key == "Units") {
        appendWords(g.units, e, r, checkUnit(r, e));
    } else if (e.key == "DependsOn") {
        appendWords(g.dependsOn, e, r, checkName(r, e, "group"));
    } else if (e.key == "Resources") {
        appendWords(g.resources, e, r, checkName(r, e, "resource"));
    } else if (e.key == "Restartable") {
        r.assign(g.restartable, e, [&r](const pgm::IniEntry& x) { return r.boolean(x); });
    } else if (e.key == "Role") {
        r.assign(g.role, e, [&r](const pgm::IniEntry& x) -> std::optional<Role> {
            if (auto i = r.choice(x, {"primary", "alternate"}))
                return *i == 0 ? Role::Primary : Role::Alternate;
            return std::nullopt;
        });
    } else if (e.key == "Mate") {
        r.assign(g.mate, e, [&r](const pgm::IniEntry& x) { return r.name(x); });
    } else if (e.key == "Standby") {
        r.assign(g.standby, e, [&r](const pgm::IniEntry& x) -> std::optional<StandbyKind> {
            if (auto i = r.choice(x, {"hot", "cold"}))
                return *i == 0 ? StandbyKind::Hot : StandbyKind::Cold;
            return std::nullopt;
        });
    } else if (e.key == "Redundancy") {
        r.assign(g.redundancy, e, [&r](const pgm::IniEntry& x) -> std::optional<Redundancy> {
            if (r.choice(x, {"none", "hot-standby", "cold-standby", "lead-active", "sparing"}))
                return redundancyFromString(x.value);
            return std::nullopt;
        });
    } else if (e.key == "Nodes") {
        appendWords(g.nodes, e, r, checkName(r, e, "node"));
        g.nodesLine = e.value.empty() ? 0 : e.line;
    } else if (e.key == "ActiveCount") {
        r.assign(g.activeCount, e, [&r](const pgm::IniEntry& x) { return r.count(x); });
    } else if (e.key == "Handshake") {
        r.assign(g.handshake, e, [&r](const pgm::IniEntry& x) -> std::optional<Handshake> {
            if (auto i = r.choice(x, {"none", "bus"}))
                return *i == 0 ? Handshake::None : Handshake::Bus;
            return std::nullopt;
        });
    } else if (!readPolicyKey(e, g.policy, r)) {
        r.unknownKey(e);
    }
}

void readEnvironment(const pgm::IniEntry& e, ProcessSettings& p, pgm::ValueReader& r)
{
    if (e.value.empty()) {
        p.environment.clear();
        return;
    }
    auto words = pgm::splitCommandLine(e.value);
    if (!words) {
        r.error(e, "unbalanced quotes or trailing backslash");
        return;
    }
    for (auto& w : *words) {
        if (pgm::isEnvironmentAssignment(w))
            p.environment.push_back({std::move(w), e.line});
        else
            r.error(e, "'" + w + "' is not a KEY=value assignment");
    }
}

void readProcessKey(const pgm::IniEntry& e, ProcessSettings& p, pgm::ValueReader& r)
{
    if (e.key == "ExecStart") {
        r.assign(p.execStart, e, [&r](const pgm::IniEntry& x) { return r.command(x); });
    } else if (e.key == "Unit") {
        r.assign(p.unit, e, [&r](const pgm::IniEntry& x) -> std::optional<std::string> {
            if (checkUnit(r, x)(x.value))
                return x.value;
            return std::nullopt;
        });
    } else if (e.key == "Type") {
        r.assign(p.type, e, [&r](const pgm::IniEntry& x) -> std::optional<std::string> {
            if (r.choice(x, {"simple", "exec", "notify", "forking", "oneshot"}))
                return x.value;
            return std::nullopt;
        });
    } else if (e.key == "Environment") {
        readEnvironment(e, p, r);
    } else if (e.key == "User") {
        r.assign(p.user, e, [&r](const pgm::IniEntry& x) -> std::optional<std::string> {
            if (pgm::isValidUserName(x.value))
                return x.value;
            r.error(x, "invalid user name '" + x.value + "'");
            return std::nullopt;
        });
    } else if (e.key == "WorkingDirectory") {
        r.assign(p.workingDirectory, e, [&r](const pgm::IniEntry& x) { return r.absolutePath(x); });
    } else if (e.key == "Restartable") {
        r.assign(p.restartable, e, [&r](const pgm::IniEntry& x) { return r.boolean(x); });
    } else {
        r.unknownKey(e);
    }
}

ProcessSettings* findProcess(GroupSettings& g, std::string_view name)
{
    auto it = std::find_if(g.processes.begin(), g.processes.end(),
                           [&](const ProcessSettings& p) { return p.name == name; });
    return it == g.processes.end() ? nullptr : &*it;
}

} // namespace

GroupSettings readGroupSettings(const pgm::IniDocument& doc, pgm::ValueReader& r)
{
    GroupSettings g;
    // Sections first, so that processes keep the order of their first header.
    for (const auto& s : doc.sections) {
        if (s.name == "Group") {
            if (g.groupLine == 0)
                g.groupLine = s.line;
        } else if (s.name.starts_with(kProcessPrefix)) {
            std::string name = s.name.substr(kProcessPrefix.size());
            if (findProcess(g, name))
                continue;
            if (!pgm::isValidName(name))
                r.error(s.line, "", "invalid process name '" + name + "' (" + std::string(pgm::kNameRule) + ")");
            g.processes.push_back({.name = name, .line = s.line});
        } else {
            r.unknownSection(s);
        }
    }

    for (const auto& e : doc.entries) {
        if (e.section == "Group")
            readGroupKey(e, g, r);
        else if (e.section.starts_with(kProcessPrefix))
            // Every section an entry can be in was listed above.
            if (auto* p = findProcess(g, std::string_view(e.section).substr(kProcessPrefix.size())))
                readProcessKey(e, *p, r);
    }
    return g;
}

} // namespace pgmd
