#pragma once
// The [IndependentComputer] section of pgmd.conf: how pgmd reaches the board
// that power-cycles this host. The key file is only named here; it is read
// when the link starts, so its errors name the file rather than a line.

#include "core/model.hpp"
#include "ini_file.hpp"
#include "value_reader.hpp"

#include <optional>

namespace pgmd {

inline constexpr const char* kIndependentComputerSection = "IndependentComputer";

struct IcdSettings {
    unsigned sectionLine = 0;  // 0: the file has no [IndependentComputer]
    Setting<IcdLinkKind> link;
    Setting<std::string> device;
    Setting<unsigned> baud;
    Setting<std::string> keyFile;
    Setting<unsigned> hostId;
    Setting<Duration> heartbeatInterval;
    Setting<Duration> statusInterval;
    Setting<std::string> gpioChip;
    Setting<unsigned> gpioLine;
    Setting<Duration> gpioPeriod;
};

// Consumes the entry when its key is one of the section's keys; false otherwise.
bool readIcdKey(const IniEntry&, IcdSettings&, ValueReader&);

// The resolved link, or nothing when the section is absent or incomplete
// (every problem reported at its key, or at the section for a missing key).
std::optional<IndependentComputerSpec> resolveIcd(const IcdSettings&, ValueReader&);

} // namespace pgmd
