#pragma once
// A group's members: its Units= entries, then its [Process.X] sections.

#include "group_file.hpp"
#include "group_settings.hpp"
#include "common/ini/value_reader.hpp"

namespace pgmd {

// The unit name pgmd gives an inline process.
std::string inlineUnitName(const std::string& group, const std::string& process);

// Fills group.spec.members and group.source.members. Needs spec.name,
// spec.layer and spec.restartable already set.
void buildMembers(const GroupSettings&, ParsedGroup& group, pgm::ValueReader&);

} // namespace pgmd
