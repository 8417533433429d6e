#include "libgpiod_lines.hpp"

#include "common/gpio/libgpiod_line.hpp"

namespace icd::daemon {

namespace {
// Shown by gpioinfo as the lines' user.
constexpr const char* kConsumer = "pgm-icd";
}

GpioLines libgpiodLines()
{
    GpioLines lines;
    lines.relay = [](const HostEntry& h, bool powered) -> std::unique_ptr<pgm::gpio::OutputLine> {
        const bool level = powered != h.gpioRelay.activeLow;
        return std::make_unique<pgm::gpio::LibgpiodOutputLine>(pgm::gpio::LineAddress{h.gpioRelay.chip,
                                                                                      h.gpioRelay.line},
                                                          kConsumer, level);
    };
    lines.heartbeat = [](const HostEntry& h) -> std::unique_ptr<pgm::gpio::InputLine> {
        return std::make_unique<pgm::gpio::LibgpiodInputLine>(pgm::gpio::LineAddress{h.gpio.chip, h.gpio.line},
                                                              kConsumer);
    };
    return lines;
}

} // namespace icd::daemon
