#pragma once
// pgm-icd's configuration file, parsed into plain structs and validated.
// One [Board] section and one [Host.NAME] section per watched host; see
// pgm-icd(8) for every key.

#include "board/host_config.hpp"
#include "common/ini/config_error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace icd::daemon {

inline constexpr const char* kDefaultConfigFile = "/etc/pgm-icd/pgm-icd.conf";

enum class LinkKind { Serial, Gpio };
enum class RelayKind { Gpio, Command };

struct SerialLink {
    std::string device;
    unsigned baud = 115200;
    std::string keyFile;
};

struct GpioLink {
    std::string chip;
    unsigned line = 0;
    pgm::Duration heartbeatPeriod{0};
};

struct GpioRelaySettings {
    std::string chip;
    unsigned line = 0;
    bool activeLow = false;
};

struct CommandRelaySettings {
    // Called with "on", "off" or "status" appended, as fence agents are.
    std::vector<std::string> argv;
};

struct HostEntry {
    std::string name;
    std::uint8_t hostId = 0;
    LinkKind link = LinkKind::Serial;
    SerialLink serial;
    GpioLink gpio;
    RelayKind relay = RelayKind::Command;
    GpioRelaySettings gpioRelay;
    CommandRelaySettings commandRelay;
    // Hosts whose latch this host may clear with a CLEAR_LATCH frame.
    std::vector<std::string> mayClearLatchOf;
    // Timing, limits and Peers=, as the board logic takes them (id = name,
    // hostId = hostId).
    icd::board::HostConfig watch;
};

struct IcdConfig {
    std::string stateDirectory = "/var/lib/pgm-icd";
    // Empty: the system bus.
    std::string busAddress;
    // [Board] FenceRaceWindow=
    icd::board::FenceSettings fence;
    std::vector<HostEntry> hosts;
};

// Every problem found, each as "file:line: key: reason"; nullopt config when any.
struct LoadedIcdConfig {
    std::optional<IcdConfig> config;
    pgm::ConfigErrors errors;
};

LoadedIcdConfig parseIcdConfig(const std::string& file, std::string_view text);
LoadedIcdConfig loadIcdConfig(const std::string& path);

const HostEntry* findHost(const IcdConfig&, const std::string& name);
const HostEntry* findHostById(const IcdConfig&, std::uint8_t id);

} // namespace icd::daemon
