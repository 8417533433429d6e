#pragma once
// A serial line in raw mode (8N1, no flow control, no echo, no line
// discipline), non-blocking, for the link to the independent computer.

#include <string>
#include <system_error>

namespace pgmd::icdhost {

// Opening or configuring the line failed; what() names the device and the step.
class SerialPortError : public std::system_error {
public:
    using std::system_error::system_error;
};

class SerialPort {
public:
    // Throws SerialPortError. `baud` must be one of kSerialBaudRates.
    SerialPort(const std::string& device, unsigned baud);
    ~SerialPort();
    SerialPort(const SerialPort&) = delete;
    SerialPort& operator=(const SerialPort&) = delete;

    int fd() const { return fd_; }
    const std::string& device() const { return device_; }

private:
    std::string device_;
    int fd_ = -1;
};

} // namespace pgmd::icdhost
