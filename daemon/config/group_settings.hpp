#pragma once
// The assignments of a group file as written, before defaults and checks.

#include "core/model.hpp"
#include "ini_file.hpp"
#include "policy_settings.hpp"
#include "value_reader.hpp"

#include <string>
#include <vector>

namespace pgmd {

struct ProcessSettings {
    std::string name;      // X of [Process.X]
    unsigned line = 0;     // its first header
    Setting<std::vector<std::string>> execStart;
    Setting<std::string> unit;
    Setting<std::string> type;
    std::vector<Located> environment;  // KEY=value words
    Setting<std::string> user;
    Setting<std::string> workingDirectory;
    Setting<bool> restartable;
};

struct GroupSettings {
    unsigned groupLine = 0;  // the first [Group] header
    Setting<std::string> description;
    Setting<Layer> layer;
    std::vector<Located> units;
    std::vector<Located> dependsOn;
    std::vector<Located> resources;
    Setting<bool> restartable;
    PolicySettings policy;
    Setting<Role> role;
    Setting<std::string> mate;
    Setting<StandbyKind> standby;
    Setting<Handshake> handshake;
    std::vector<ProcessSettings> processes;  // in order of first appearance
};

// Reports unknown sections and keys and malformed values.
GroupSettings readGroupSettings(const IniDocument&, ValueReader&);

} // namespace pgmd
