#include "icd_settings.hpp"

#include "common/serial/baud_rates.hpp"

namespace pgmd {

namespace {

constexpr unsigned kLargestHostId = 255;  // the protocol's host field is one byte

std::optional<unsigned> baudRate(const pgm::IniEntry& e, pgm::ValueReader& r)
{
    auto v = r.count(e);
    if (v && !pgm::serial::isSupportedBaud(*v)) {
        r.error(e, "unsupported baud rate " + e.value + " (allowed: " + pgm::serial::supportedBaudList() + ")");
        return std::nullopt;
    }
    return v;
}

std::optional<unsigned> hostId(const pgm::IniEntry& e, pgm::ValueReader& r)
{
    auto v = r.count(e);
    if (v && *v > kLargestHostId) {
        r.error(e, "host id " + e.value + " is out of range (0-255)");
        return std::nullopt;
    }
    return v;
}

// A chip as libgpiod looks it up: a name, a path, a label or a number.
std::optional<std::string> chipName(const pgm::IniEntry& e, pgm::ValueReader& r)
{
    if (e.value.find_first_of(" \t") != std::string::npos) {
        r.error(e, "invalid GPIO chip '" + e.value + "' (a name such as gpiochip0, a path or a number)");
        return std::nullopt;
    }
    return e.value;
}

} // namespace

bool readIcdKey(const pgm::IniEntry& e, IcdSettings& s, pgm::ValueReader& r)
{
    auto span = [&r](const pgm::IniEntry& x) { return r.timespan(x); };
    auto positive = [&r](const pgm::IniEntry& x) { return r.positiveTimespan(x); };
    auto path = [&r](const pgm::IniEntry& x) { return r.absolutePath(x); };

    if (e.key == "Link")
        r.assign(s.link, e, [&r](const pgm::IniEntry& x) -> std::optional<IcdLinkKind> {
            auto i = r.choice(x, {"serial", "gpio"});
            if (!i)
                return std::nullopt;
            return *i == 0 ? IcdLinkKind::Serial : IcdLinkKind::Gpio;
        });
    else if (e.key == "Device")
        r.assign(s.device, e, path);
    else if (e.key == "Baud")
        r.assign(s.baud, e, [&r](const pgm::IniEntry& x) { return baudRate(x, r); });
    else if (e.key == "KeyFile")
        r.assign(s.keyFile, e, path);
    else if (e.key == "HostId")
        r.assign(s.hostId, e, [&r](const pgm::IniEntry& x) { return hostId(x, r); });
    else if (e.key == "HeartbeatInterval")
        r.assign(s.heartbeatInterval, e, positive);
    else if (e.key == "StatusInterval")
        r.assign(s.statusInterval, e, span);
    else if (e.key == "GpioChip")
        r.assign(s.gpioChip, e, [&r](const pgm::IniEntry& x) { return chipName(x, r); });
    else if (e.key == "GpioLine")
        r.assign(s.gpioLine, e, [&r](const pgm::IniEntry& x) { return r.count(x); });
    else if (e.key == "GpioPeriod")
        r.assign(s.gpioPeriod, e, positive);
    else
        return false;
    return true;
}

std::optional<IndependentComputerSpec> resolveIcd(const IcdSettings& s, pgm::ValueReader& r)
{
    if (s.sectionLine == 0)
        return std::nullopt;
    if (!s.link.written) {
        r.error(s.sectionLine, "Link", "missing; set Link= to serial or gpio");
        return std::nullopt;
    }
    if (!s.link.given())
        return std::nullopt;  // an invalid Link= is reported already

    IndependentComputerSpec spec;
    spec.link = *s.link.value;
    bool complete = true;
    auto require = [&](bool written, bool given, const char* key, const char* what) {
        if (!written)
            r.error(s.sectionLine, key, std::string("missing; Link=") + what + " needs " + key + "=");
        complete = complete && given;
    };
    // Given for the other kind of link, a key would be silently ignored, which
    // hides a typo in Link=: reported at the key's own line.
    auto refuse = [&](unsigned line, bool given, const char* key, const char* other) {
        if (given)
            r.error(line, key, std::string("applies only to Link=") + other);
    };

    if (spec.link == IcdLinkKind::Serial) {
        require(s.device.written, s.device.given(), "Device", "serial");
        require(s.keyFile.written, s.keyFile.given(), "KeyFile", "serial");
        require(s.hostId.written, s.hostId.given(), "HostId", "serial");
        refuse(s.gpioChip.line, s.gpioChip.given(), "GpioChip", "gpio");
        refuse(s.gpioLine.line, s.gpioLine.given(), "GpioLine", "gpio");
        refuse(s.gpioPeriod.line, s.gpioPeriod.given(), "GpioPeriod", "gpio");
    } else {
        require(s.gpioChip.written, s.gpioChip.given(), "GpioChip", "gpio");
        require(s.gpioLine.written, s.gpioLine.given(), "GpioLine", "gpio");
        refuse(s.device.line, s.device.given(), "Device", "serial");
        refuse(s.baud.line, s.baud.given(), "Baud", "serial");
        refuse(s.keyFile.line, s.keyFile.given(), "KeyFile", "serial");
        refuse(s.hostId.line, s.hostId.given(), "HostId", "serial");
        refuse(s.heartbeatInterval.line, s.heartbeatInterval.given(), "HeartbeatInterval", "serial");
        refuse(s.statusInterval.line, s.statusInterval.given(), "StatusInterval", "serial");
    }
    if (!complete)
        return std::nullopt;

    if (s.device.given())
        spec.device = *s.device.value;
    if (s.baud.given())
        spec.baud = *s.baud.value;
    if (s.keyFile.given())
        spec.keyFile = *s.keyFile.value;
    if (s.hostId.given())
        spec.hostId = *s.hostId.value;
    if (s.heartbeatInterval.given())
        spec.heartbeatInterval = *s.heartbeatInterval.value;
    if (s.statusInterval.given())
        spec.statusInterval = *s.statusInterval.value;
    if (s.gpioChip.given())
        spec.gpioChip = *s.gpioChip.value;
    if (s.gpioLine.given())
        spec.gpioLine = *s.gpioLine.value;
    if (s.gpioPeriod.given())
        spec.gpioPeriod = *s.gpioPeriod.value;
    return spec;
}

} // namespace pgmd
