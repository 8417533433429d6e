#include "serial_port.hpp"

#include <cerrno>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <utility>

namespace pgmd::icdhost {

namespace {

constexpr std::pair<unsigned, speed_t> kSpeeds[] = {
    {9600, B9600},     {19200, B19200},   {38400, B38400},   {57600, B57600},
    {115200, B115200}, {230400, B230400}, {460800, B460800}, {921600, B921600},
};

[[noreturn]] void fail(int error, const std::string& device, const std::string& step)
{
    throw SerialPortError(error, std::generic_category(), device + ": " + step);
}

} // namespace

SerialPort::SerialPort(const std::string& device, unsigned baud) : device_(device)
{
    speed_t speed = 0;
    for (const auto& [rate, code] : kSpeeds)
        if (rate == baud)
            speed = code;
    if (speed == 0)
        fail(EINVAL, device, "unsupported baud rate " + std::to_string(baud));

    // O_NOCTTY: the line must never become pgmd's controlling terminal.
    fd_ = ::open(device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0)
        fail(errno, device, "cannot open");
    termios tio{};
    if (::tcgetattr(fd_, &tio) < 0) {
        const int e = errno;
        ::close(fd_);
        fail(e, device, "not a terminal");
    }
    ::cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD; // no modem lines: the board has none
    tio.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | CRTSCTS);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    if (::cfsetispeed(&tio, speed) < 0 || ::cfsetospeed(&tio, speed) < 0 || ::tcsetattr(fd_, TCSANOW, &tio) < 0) {
        const int e = errno;
        ::close(fd_);
        fail(e, device, "cannot set raw mode at " + std::to_string(baud) + " baud");
    }
    // Bytes left from before pgmd started belong to no frame it could answer.
    ::tcflush(fd_, TCIOFLUSH);
}

SerialPort::~SerialPort()
{
    if (fd_ >= 0)
        ::close(fd_);
}

} // namespace pgmd::icdhost
