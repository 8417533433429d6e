#pragma once
// The configuration model: what the operator declared, already validated.
// Produced by daemon/config, consumed by the core engine and the adapters.

#include "time.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgmd {

enum class Layer { System, Platform, Application };
enum class Role { None, Primary, Alternate };
enum class StandbyKind { Hot, Cold };
// How a group's readiness is confirmed: by systemd alone (every member
// running, READY=1 for notify units), or also by the application answering
// an activation request over the bus.
enum class Handshake { None, Bus };
// How the halves of a group spread over the cluster's nodes share the work
// (seed 003's four models). None: the group runs on this node alone.
enum class Redundancy { None, HotStandby, ColdStandby, LeadActive, Sparing };

// Recovery defaults for one layer; every group of the layer inherits them.
struct LayerPolicy {
    Budget processRestarts;
    Budget groupRestarts;
    Duration activationTimeout{std::chrono::seconds(30)};
};

// One member of a group: either an existing unit or an inline process that
// pgmd runs as a transient service.
struct MemberSpec {
    std::string name;          // unit name, e.g. "billing-api.service"
    bool restartable = true;
    bool isTransient = false;  // true: pgmd creates it with StartTransientUnit
    // Only for transient members:
    std::vector<std::string> execStart;  // argv
    std::string serviceType = "simple";  // simple | exec | notify | forking | oneshot
    std::vector<std::string> environment; // "KEY=value"
    std::string user;                     // empty: root
    std::string workingDirectory;
};

struct GroupSpec {
    std::string name;
    Layer layer = Layer::Application;
    std::string description;
    std::vector<MemberSpec> members;
    std::vector<std::string> dependsOn;  // other group names
    std::vector<std::string> resources;  // resource names
    bool restartable = true;
    Budget processRestarts;
    Budget groupRestarts;
    Duration activationTimeout{std::chrono::seconds(30)};
    // Pairing. `role`, `mate` and `standby` are this node's view, derived
    // from the cluster-wide keys below (or written as Role=/Mate=/Standby=,
    // the older node-specific form): primary = listed first in `nodes`.
    Role role = Role::None;
    std::string mate;
    StandbyKind standby = StandbyKind::Cold;
    // The cluster-wide definition, identical on every node (Redundancy=,
    // Nodes=, ActiveCount=). `nodes` is in preference order: the first
    // `activeCount` nodes start active; the rest are standbys or spares.
    Redundancy redundancy = Redundancy::None;
    std::vector<std::string> nodes;
    unsigned activeCount = 1;  // N of N+K; 1 for the standby models; all nodes for lead-active
    Handshake handshake = Handshake::None;
    // Where it was declared, for messages.
    std::string sourceFile;
};

enum class ResourceKind { Path, Mount, FreeSpace, Command };

struct ResourceSpec {
    std::string name;
    ResourceKind kind = ResourceKind::Path;
    std::string path;                    // Path, Mount, FreeSpace
    std::uint64_t minFreeBytes = 0;      // FreeSpace
    std::vector<std::string> command;    // Command: argv; exit 0 = healthy
    std::vector<std::string> reinit;     // optional argv run to repair it
    Duration checkInterval{std::chrono::seconds(10)};
    Duration commandTimeout{std::chrono::seconds(10)};
    std::string sourceFile;
};

// The link to the independent computer that power-cycles this host when its
// heartbeats stop or it asks to be cycled ([IndependentComputer], pgmd.conf).
enum class IcdLinkKind { Serial, Gpio };

struct IndependentComputerSpec {
    IcdLinkKind link = IcdLinkKind::Serial;
    // Serial: the authenticated protocol.
    std::string device;                  // e.g. /dev/ttyS1
    unsigned baud = 115200;
    std::string keyFile;                 // the host key, shared with the board
    unsigned hostId = 0;                 // 0-255, as the board knows this host
    Duration heartbeatInterval{std::chrono::seconds(10)};  // a third of the board's 30s default
    Duration statusInterval{std::chrono::minutes(1)};      // 0: only on demand
    // GPIO: a line toggled every half period.
    std::string gpioChip;
    unsigned gpioLine = 0;
    Duration gpioPeriod{std::chrono::seconds(2)};
    friend bool operator==(const IndependentComputerSpec&, const IndependentComputerSpec&) = default;
};

struct ManagerSpec {
    std::string nodeName;                // empty: the host name
    std::string stateDirectory = "/var/lib/pgmd";
    Budget hostReinits{1, std::chrono::minutes(30)};  // ladder step 4
    Budget reboots{2, std::chrono::hours(1)};         // ladder step 5
    Duration stopTimeout{std::chrono::seconds(30)};   // longer than this = cannot be taken out of service
    int logLevel = 6;  // LogLevel=: a syslog priority, LOG_INFO by default; only the app layer reads it
    std::map<Layer, LayerPolicy> layers;
    std::optional<IndependentComputerSpec> independentComputer;  // none: no [IndependentComputer]
};

// [Cluster] in pgmd.conf: this node takes part in a corosync cluster. Without
// the section pgmd never talks to corosync and pairs are switched by hand.
struct ClusterSpec {
    std::string cpgGroup = "pgmd";  // GroupName=: the CPG process group every node's pgmd joins
    // ProcessDownGraceSec=: a peer whose pgmd left CPG while its node stays
    // a member keeps its groups this long (pgmd is being restarted and will
    // re-adopt them); past it the node is treated as lost.
    Duration processDownGrace{std::chrono::seconds(30)};
    // FenceCommand=: a fence agent (fence_* style) run with --action=off and
    // --action=status, --plug=NODE appended. Empty: no fencing, so a lost
    // node's active halves are never taken over automatically.
    std::vector<std::string> fenceCommand;
    Duration fenceTimeout{std::chrono::seconds(60)};  // FenceTimeoutSec=
    friend bool operator==(const ClusterSpec&, const ClusterSpec&) = default;
};

struct Config {
    ManagerSpec manager;
    std::optional<ClusterSpec> cluster;  // none: no [Cluster]
    std::vector<GroupSpec> groups;       // in a deterministic (file name) order
    std::vector<ResourceSpec> resources;
};

// Names used on the bus, in the journal and in config files.
const char* toString(Layer);
const char* toString(Role);
const char* toString(StandbyKind);
const char* toString(Handshake);
const char* toString(Redundancy);  // none, hot-standby, cold-standby, lead-active, sparing
std::optional<Redundancy> redundancyFromString(const std::string&);
const char* toString(ResourceKind);
std::optional<Layer> layerFromString(const std::string&);

// Slice naming: pgm.slice > pgm-<layer>.slice > pgm-<layer>-<group>.slice.
std::string layerSlice(Layer);
std::string groupSlice(const GroupSpec&);

// Built-in per-layer defaults (see pgmd.conf(5)).
LayerPolicy defaultLayerPolicy(Layer);

} // namespace pgmd
