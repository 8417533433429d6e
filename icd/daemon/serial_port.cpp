#include "serial_port.hpp"

#include <cerrno>
#include <fcntl.h>
#include <map>
#include <system_error>
#include <termios.h>
#include <unistd.h>

namespace icd::daemon {

namespace {

speed_t speedOf(unsigned baud, const std::string& device)
{
    static const std::map<unsigned, speed_t> speeds{
        {1200, B1200},     {2400, B2400},     {4800, B4800},     {9600, B9600},
        {19200, B19200},   {38400, B38400},   {57600, B57600},   {115200, B115200},
        {230400, B230400}, {460800, B460800}, {921600, B921600},
    };
    auto it = speeds.find(baud);
    if (it == speeds.end())
        throw std::system_error(EINVAL, std::generic_category(), device + ": unsupported baud rate " + std::to_string(baud));
    return it->second;
}

[[noreturn]] void fail(const std::string& device, const char* step, int fd)
{
    const int error = errno;
    if (fd >= 0)
        close(fd);
    throw std::system_error(error, std::generic_category(), device + ": " + step);
}

} // namespace

int openSerialPort(const std::string& device, unsigned baud)
{
    const speed_t speed = speedOf(baud, device);
    // O_NOCTTY: a host's line must never become the daemon's controlling terminal.
    const int fd = open(device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        fail(device, "cannot open", -1);
    termios tio{};
    if (tcgetattr(fd, &tio) != 0)
        fail(device, "not a terminal (tcgetattr)", fd);
    cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~(CRTSCTS | CSTOPB);
    tio.c_iflag &= ~(IXON | IXOFF | IXANY);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    if (cfsetispeed(&tio, speed) != 0 || cfsetospeed(&tio, speed) != 0)
        fail(device, "cannot set the baud rate", fd);
    if (tcsetattr(fd, TCSANOW, &tio) != 0)
        fail(device, "cannot set raw mode (tcsetattr)", fd);
    // Whatever the line held before we listened belongs to no session of ours.
    tcflush(fd, TCIOFLUSH);
    return fd;
}

} // namespace icd::daemon
