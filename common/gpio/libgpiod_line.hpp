#pragma once
// Real lines through libgpiod 1.6 (the v1 C API). Deliberately thin: open,
// request, read, set; every failure becomes a LineError naming the line.

#include "common/gpio/line.hpp"

#include <memory>
#include <string>

struct gpiod_chip;
struct gpiod_line;

namespace pgm::gpio {

struct LineAddress {
    // As gpiod_chip_open_lookup() takes it: "gpiochip0", "/dev/gpiochip0",
    // a chip label or a chip number.
    std::string chip;
    unsigned offset = 0;
};

// Owns the chip handle; closing it releases the line.
class LibgpiodLine {
public:
    // Throws LineError when the chip or the line does not exist.
    explicit LibgpiodLine(const LineAddress& address);
    ~LibgpiodLine();
    LibgpiodLine(const LibgpiodLine&) = delete;
    LibgpiodLine& operator=(const LibgpiodLine&) = delete;

    gpiod_line* get() const { return line_; }
    // "gpiochip0 line 17", for messages.
    const std::string& name() const { return name_; }
    [[noreturn]] void fail(const std::string& step) const;  // throws LineError with errno

private:
    std::string name_;
    gpiod_chip* chip_ = nullptr;
    gpiod_line* line_ = nullptr;
};

class LibgpiodInputLine : public InputLine {
public:
    // Requests both-edge events under `consumer` (shown by gpioinfo).
    LibgpiodInputLine(const LineAddress& address, const std::string& consumer);

    int eventFd() const override { return fd_; }
    std::vector<EdgeEvent> readEvents() override;
    bool value() const override;

private:
    LibgpiodLine line_;
    int fd_ = -1;
};

class LibgpiodOutputLine : public OutputLine {
public:
    // Requests the line as an output driven to `initial` at once, so that a
    // relay never sees a glitch between the request and the first set.
    LibgpiodOutputLine(const LineAddress& address, const std::string& consumer, bool initial);

    void setValue(bool high) override;
    bool value() const override;

private:
    LibgpiodLine line_;
};

} // namespace pgm::gpio
