#pragma once
// The [Cluster] section of pgmd.conf: this node takes part in a corosync
// cluster (see pgmd.conf(5)). Without the section, Config::cluster stays
// empty and pgmd never talks to corosync.

#include "core/model.hpp"
#include "common/ini/ini_file.hpp"
#include "common/ini/value_reader.hpp"

#include <optional>
#include <string>

namespace pgmd {

inline constexpr const char* kClusterSection = "Cluster";

struct ClusterSettings {
    unsigned sectionLine = 0;  // 0: the file has no [Cluster]
    pgm::Setting<std::string> groupName;
    pgm::Setting<Duration> processDownGrace;
    pgm::Setting<std::vector<std::string>> fenceCommand;
    pgm::Setting<Duration> fenceTimeout;
};

// Consumes the entry when its key is one of the section's keys; false otherwise.
bool readClusterKey(const pgm::IniEntry&, ClusterSettings&, pgm::ValueReader&);

// The section's settings on top of the defaults, or nothing when the file
// has no [Cluster]. A cluster node needs a name: `nodeName` is NodeName= as
// resolved (the host name when NodeName= is empty); when it is not a valid
// name, the error is placed at the section.
std::optional<ClusterSpec> resolveCluster(const ClusterSettings&, const std::string& nodeName, bool nodeNameWritten,
                                          pgm::ValueReader&);

} // namespace pgmd
