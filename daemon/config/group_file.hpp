#pragma once
// groups.d/NAME.group: one process group.

#include "common/ini/config_error.hpp"
#include "core/model.hpp"
#include "common/ini/ini_file.hpp"
#include "common/ini/value_reader.hpp"

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
    // False for a group whose Nodes= does not list this node: it is checked
    // like the others but not run here (Config::elsewhere).
    bool runsHere = true;
};

// `name` is the file name without ".group"; `manager` supplies the layer
// defaults; `self` is this node's name as Nodes= and Mate= are matched against
// it (NodeName=, or the host name when that is empty).
ParsedGroup readGroupFile(const pgm::IniDocument&, const std::string& name, const ManagerSpec& manager,
                          const std::string& self, pgm::ConfigErrors&);

} // namespace pgmd
