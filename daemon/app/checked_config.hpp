#pragma once
// Loading the configuration the way pgmd runs it: every member unit that is
// not inline must be known to systemd (asked in one call), and the node name
// defaults to the host name. Used at start-up, by --check-config and by Reload.

#include "config/config_loader.hpp"

#include <string>

namespace pgmd {

class SystemdClient;

// `systemd` may be null when systemd cannot be reached: unit names are then
// not checked.
LoadResult loadCheckedConfig(const std::string& configDir, SystemdClient* systemd);

std::string hostName();

// "3 configuration errors in /etc/pgmd"
std::string errorSummary(const std::vector<pgm::ConfigError>& errors, const std::string& configDir);
// Each error on a line of its own, every line starting with '\n'.
std::string errorLines(const std::vector<pgm::ConfigError>& errors);

} // namespace pgmd
