#include "validate.hpp"

#include <map>
#include <set>

namespace pgmd {

namespace {

void checkShared(const std::vector<ParsedGroup>& groups, pgm::ConfigErrors& errors)
{
    std::map<std::string, const ParsedGroup*> owner;
    for (const auto& g : groups) {
        for (std::size_t i = 0; i < g.spec.members.size(); ++i) {
            const MemberSpec& m = g.spec.members[i];
            auto [it, inserted] = owner.emplace(m.name, &g);
            if (inserted)
                continue;
            const GroupSpec& first = it->second->spec;
            std::string message = "unit '" + m.name + "' is a member of both group '" + first.name + "' and group '" +
                                  g.spec.name + "'";
            if (m.isTransient)
                message += " (inline processes run as pgm-GROUP-PROCESS.service)";
            const MemberOrigin& origin = g.source.members[i];
            errors.push_back({g.source.file, origin.line, origin.key, std::move(message)});
        }
    }
}

void checkExisting(const std::vector<ParsedGroup>& groups, const UnitExistsFn& unitExists, pgm::ConfigErrors& errors)
{
    std::set<std::string> asked;
    for (const auto& g : groups) {
        // Another node runs it: its units need only exist there.
        if (!g.runsHere)
            continue;
        for (std::size_t i = 0; i < g.spec.members.size(); ++i) {
            const MemberSpec& m = g.spec.members[i];
            // Inline units are created by pgmd; not existing yet is normal.
            if (m.isTransient || !asked.insert(m.name).second)
                continue;
            if (unitExists(m.name) == false) {
                const MemberOrigin& origin = g.source.members[i];
                errors.push_back({g.source.file, origin.line, origin.key, "unit '" + m.name + "' not found"});
            }
        }
    }
}

} // namespace

void checkMembers(const std::vector<ParsedGroup>& groups, const UnitExistsFn& unitExists, pgm::ConfigErrors& errors)
{
    checkShared(groups, errors);
    if (unitExists)
        checkExisting(groups, unitExists, errors);
}

} // namespace pgmd
