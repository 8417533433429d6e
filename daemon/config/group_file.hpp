#pragma once
// groups.d/NAME.group: one process group.

#include "config_error.hpp"
#include "core/model.hpp"
#include "ini_file.hpp"
#include "value_reader.hpp"

#include <string>
#include <vector>

namespace pgmd {

// Where a member was declared: the Units= entry, the Unit= of a [Process.X]
// section, or the ExecStart= of an inline process.
struct MemberOrigin {
    unsigned line = 0;
    std::string key;
};

// The lines behind a group's lists, for the checks that need other files.
struct GroupSource {
    std::string file;
    unsigned groupLine = 0;             // the [Group] header; 0 when missing
    std::vector<MemberOrigin> members;  // parallel to GroupSpec::members
    std::vector<unsigned> dependsOn;    // parallel to GroupSpec::dependsOn
    std::vector<unsigned> resources;    // parallel to GroupSpec::resources
};

struct ParsedGroup {
    GroupSpec spec;
    GroupSource source;
};

// `name` is the file name without ".group"; `manager` supplies the layer defaults.
ParsedGroup readGroupFile(const IniDocument&, const std::string& name, const ManagerSpec& manager, ConfigErrors&);

} // namespace pgmd
