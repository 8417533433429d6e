#include "libgpiod_lines.hpp"

#include "gpio/libgpiod_line.hpp"

namespace icd::daemon {

namespace {
// Shown by gpioinfo as the lines' user.
constexpr const char* kConsumer = "pgm-icd";
}

GpioLines libgpiodLines()
{
    GpioLines lines;
    lines.relay = [](const HostEntry& h, bool powered) -> std::unique_ptr<gpio::OutputLine> {
        const bool level = powered != h.gpioRelay.activeLow;
        return std::make_unique<gpio::LibgpiodOutputLine>(gpio::LineAddress{h.gpioRelay.chip, h.gpioRelay.line},
                                                          kConsumer, level);
    };
    lines.heartbeat = [](const HostEntry& h) -> std::unique_ptr<gpio::InputLine> {
        return std::make_unique<gpio::LibgpiodInputLine>(gpio::LineAddress{h.gpio.chip, h.gpio.line}, kConsumer);
    };
    return lines;
}

} // namespace icd::daemon
