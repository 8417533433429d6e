#pragma once
// The [IndependentComputer] section of pgmd.conf: how pgmd reaches the board
// that power-cycles this host. The key file is only named here; it is read
// when the link starts, so its errors name the file rather than a line.

#include "core/model.hpp"
#include "common/ini/ini_file.hpp"
#include "common/ini/value_reader.hpp"

#include <optional>

namespace pgmd {

inline constexpr const char* kIndependentComputerSection = "IndependentComputer";

struct IcdSettings {
    unsigned sectionLine = 0;  // 0: the file has no [IndependentComputer]
    pgm::Setting<IcdLinkKind> link;
    pgm::Setting<std::string> device;
    pgm::Setting<unsigned> baud;
    pgm::Setting<std::string> keyFile;
    pgm::Setting<unsigned> hostId;
    pgm::Setting<Duration> heartbeatInterval;
    pgm::Setting<Duration> statusInterval;
    pgm::Setting<std::string> gpioChip;
    pgm::Setting<unsigned> gpioLine;
    pgm::Setting<Duration> gpioPeriod;
};

// Consumes the entry when its key is one of the section's keys; false otherwise.
bool readIcdKey(const pgm::IniEntry&, IcdSettings&, pgm::ValueReader&);

// The resolved link, or nothing when the section is absent or incomplete
// (every problem reported at its key, or at the section for a missing key).
std::optional<IndependentComputerSpec> resolveIcd(const IcdSettings&, pgm::ValueReader&);

} // namespace pgmd
