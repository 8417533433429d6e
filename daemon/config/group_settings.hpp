#pragma once
// The assignments of a group file as written, before defaults and checks.

#include "core/model.hpp"
#include "common/ini/ini_file.hpp"
#include "policy_settings.hpp"
#include "common/ini/value_reader.hpp"

#include <string>
#include <vector>

namespace pgmd {

struct ProcessSettings {
    std::string name;      // X of [Process.X]
    unsigned line = 0;     // its first header
    pgm::Setting<std::vector<std::string>> execStart;
    pgm::Setting<std::string> unit;
    pgm::Setting<std::string> type;
    std::vector<pgm::Located> environment;  // KEY=value words
    pgm::Setting<std::string> user;
    pgm::Setting<std::string> workingDirectory;
    pgm::Setting<bool> restartable;
};

struct GroupSettings {
    unsigned groupLine = 0;  // the first [Group] header
    pgm::Setting<std::string> description;
    pgm::Setting<Layer> layer;
    std::vector<pgm::Located> units;
    std::vector<pgm::Located> dependsOn;
    std::vector<pgm::Located> resources;
    pgm::Setting<bool> restartable;
    PolicySettings policy;
    pgm::Setting<Role> role;
    pgm::Setting<std::string> mate;
    pgm::Setting<StandbyKind> standby;
    pgm::Setting<Handshake> handshake;
    // The cluster-wide form of pairing (Redundancy=, Nodes=, ActiveCount=).
    pgm::Setting<Redundancy> redundancy;
    std::vector<pgm::Located> nodes;  // as written, repeats included (reported later)
    unsigned nodesLine = 0;           // the last Nodes= with a value; 0: none (or reset)
    pgm::Setting<unsigned> activeCount;
    std::vector<ProcessSettings> processes;  // in order of first appearance
};

// Reports unknown sections and keys and malformed values.
GroupSettings readGroupSettings(const pgm::IniDocument&, pgm::ValueReader&);

} // namespace pgmd
