#pragma once
// One serial line, open for as long as the object lives: raw 8N1 (8 data
// bits, no parity, one stop bit), no echo, no line discipline, no flow
// control, modem lines ignored (the boards' UARTs seldom wire them),
// non-blocking, close-on-exec, and never the process's controlling terminal.
// Reads return at once with whatever has arrived (VMIN=0, VTIME=0).

#include <string>
#include <system_error>

namespace pgm::serial {

// Opening or setting up the line failed. what() reads "DEVICE: STEP: reason",
// e.g. "/dev/ttyS1: cannot open: No such file or directory".
class SerialLineError : public std::system_error {
public:
    SerialLineError(int error, const std::string& device, const std::string& step);
};

class SerialLine {
public:
    // Throws SerialLineError; `baud` must be one of baudRates(). Bytes that
    // were waiting on the line before it was opened are discarded: they
    // belong to no conversation the caller could take part in.
    SerialLine(std::string device, unsigned baud);
    ~SerialLine();
    SerialLine(SerialLine&& other) noexcept;
    SerialLine& operator=(SerialLine&& other) noexcept;
    SerialLine(const SerialLine&) = delete;
    SerialLine& operator=(const SerialLine&) = delete;

    // -1 once moved from.
    int fd() const { return fd_; }
    const std::string& device() const { return device_; }
    unsigned baud() const { return baud_; }

private:
    std::string device_;
    unsigned baud_ = 0;
    int fd_ = -1;
};

} // namespace pgm::serial
