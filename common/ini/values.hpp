#pragma once
// Scalar values as systemd unit files write them, and the naming rules of the
// configuration.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pgm {

// Bytes: "512", "10K", "500M", "1.5G", "2T", also "P", "E" and a plain "B";
// 1024-based like systemd. nullopt when malformed or out of range.
std::optional<std::uint64_t> parseSize(std::string_view);

// yes/no, true/false, on/off, 1/0, in any letter case.
std::optional<bool> parseBoolean(std::string_view);

// A plain non-negative decimal that fits an unsigned int: no sign, no spaces.
std::optional<unsigned> parseCount(std::string_view);

// Group, resource, process and node names: 1 to 64 of [A-Za-z0-9_.-], not
// starting with '-' or '.' (so a name can never be an option or a hidden file).
bool isValidName(std::string_view);
inline constexpr std::string_view kNameRule =
    "1 to 64 letters, digits, '_', '.' or '-', not starting with '-' or '.'";

bool isAbsolutePath(std::string_view);

// A loadable service unit name such as "billing-api.service" or
// "worker@2.service" (not a template such as "worker@.service").
bool isServiceUnitName(std::string_view);

// A user for User=: a numeric id, or 1 to 32 of [A-Za-z0-9_.-] not starting
// with '-' or '.' (the portable subset of what systemd accepts).
bool isValidUserName(std::string_view);

// "KEY=value" with KEY a valid environment variable name.
bool isEnvironmentAssignment(std::string_view);

} // namespace pgm
