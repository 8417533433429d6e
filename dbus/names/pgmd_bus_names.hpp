#pragma once
// Where pgmd is on the system bus: its public interface (org.pgmd1(5),
// dbus/*.xml), one definition for the daemon, the client library and pgmctl.
// Never renamed; new names are added.

#include <string>

namespace pgmd::busnames {

inline constexpr const char* kService = "org.pgmd1";
inline constexpr const char* kManagerPath = "/org/pgmd1";
inline constexpr const char* kManagerInterface = "org.pgmd1.Manager";
// Group objects live below this, one path element per group (escaped).
inline constexpr const char* kGroupPathPrefix = "/org/pgmd1/group";
inline constexpr const char* kGroupInterface = "org.pgmd1.Group";
// Resource objects likewise, one per resource.
inline constexpr const char* kResourcePathPrefix = "/org/pgmd1/resource";
inline constexpr const char* kResourceInterface = "org.pgmd1.Resource";
// Present only when pgmd.conf has an [IndependentComputer] section.
inline constexpr const char* kIcdPath = "/org/pgmd1/icd";
inline constexpr const char* kIcdInterface = "org.pgmd1.IndependentComputer";
// Present only when pgmd.conf has a [Cluster] section.
inline constexpr const char* kClusterPath = "/org/pgmd1/cluster";
inline constexpr const char* kClusterInterface = "org.pgmd1.Cluster";

inline constexpr const char* kErrorNoSuchGroup = "org.pgmd1.Error.NoSuchGroup";
inline constexpr const char* kErrorInvalidState = "org.pgmd1.Error.InvalidState";
inline constexpr const char* kErrorNotAvailable = "org.pgmd1.Error.NotAvailable";
inline constexpr const char* kErrorStaleIncarnation = "org.pgmd1.Error.StaleIncarnation";
inline constexpr const char* kErrorInvalidArgument = "org.pgmd1.Error.InvalidArgument";
inline constexpr const char* kErrorBadConfig = "org.pgmd1.Error.BadConfig";
inline constexpr const char* kErrorLimitsExceeded = "org.pgmd1.Error.LimitsExceeded";
inline constexpr const char* kErrorNoSuchResource = "org.pgmd1.Error.NoSuchResource";
// A group that is not paired across computers (Redundancy=none).
inline constexpr const char* kErrorNotPaired = "org.pgmd1.Error.NotPaired";
// The nodes disagree about a pair's definition: its owners are frozen.
inline constexpr const char* kErrorPairDefinitionMismatch = "org.pgmd1.Error.PairDefinitionMismatch";

// The variable pgmd sets in the environment of every member unit it starts.
inline constexpr const char* kGroupEnvironmentVariable = "PGMD_GROUP";

// The object path of a group: its name escaped as sd_bus_path_encode does, so
// any name (dashes, dots, non-ASCII) gives a valid path and decodes back.
std::string groupObjectPath(const std::string& name);
// The object path of a resource, escaped the same way.
std::string resourceObjectPath(const std::string& name);

} // namespace pgmd::busnames
