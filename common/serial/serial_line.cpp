#include "common/serial/serial_line.hpp"

#include "common/serial/baud_rates.hpp"

#include <cerrno>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <utility>

namespace pgm::serial {

namespace {

// Closes the descriptor when setting up the line fails half-way.
class OpenedDescriptor {
public:
    explicit OpenedDescriptor(int fd) : fd_(fd) {}
    ~OpenedDescriptor()
    {
        if (fd_ >= 0)
            ::close(fd_);
    }
    OpenedDescriptor(const OpenedDescriptor&) = delete;
    OpenedDescriptor& operator=(const OpenedDescriptor&) = delete;

    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

private:
    int fd_;
};

termios rawSettings(termios tio, speed_t speed)
{
    ::cfmakeraw(&tio);  // 8 data bits, no parity, no echo, no canonical mode
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | CRTSCTS);
    // cfmakeraw leaves these: a 0x11 or 0x13 inside a binary frame must not pause the line.
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    // These only refuse a code termios does not know; every code in the table is one it knows.
    ::cfsetispeed(&tio, speed);
    ::cfsetospeed(&tio, speed);
    return tio;
}

} // namespace

SerialLineError::SerialLineError(int error, const std::string& device, const std::string& step)
    : std::system_error(error, std::generic_category(), device + ": " + step)
{
}

SerialLine::SerialLine(std::string device, unsigned baud) : device_(std::move(device)), baud_(baud)
{
    const std::optional<speed_t> speed = speedOf(baud);
    if (!speed)
        throw SerialLineError(EINVAL, device_,
                              "unsupported baud rate " + std::to_string(baud) + " (supported: " +
                                  supportedBaudList() + ")");

    OpenedDescriptor fd(::open(device_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0)
        throw SerialLineError(errno, device_, "cannot open");
    termios current{};
    if (::tcgetattr(fd.get(), &current) != 0)
        throw SerialLineError(errno, device_, "not a terminal (tcgetattr)");
    const termios wanted = rawSettings(current, *speed);
    if (::tcsetattr(fd.get(), TCSANOW, &wanted) != 0)
        throw SerialLineError(errno, device_, "cannot set raw mode (tcsetattr)");
    // tcsetattr succeeds when any one of the changes took; a driver that
    // cannot run at this rate keeps its old one, which only a read-back shows.
    termios applied{};
    if (::tcgetattr(fd.get(), &applied) != 0)
        throw SerialLineError(errno, device_, "cannot read the settings back (tcgetattr)");
    if (::cfgetospeed(&applied) != *speed || ::cfgetispeed(&applied) != *speed)
        throw SerialLineError(EINVAL, device_, "the line does not accept " + std::to_string(baud) + " baud");
    // Best effort: a line that cannot be flushed still works; it only hands
    // over a few stale bytes, which a framed protocol drops anyway.
    ::tcflush(fd.get(), TCIOFLUSH);
    fd_ = fd.release();
}

SerialLine::~SerialLine()
{
    if (fd_ >= 0)
        ::close(fd_);
}

SerialLine::SerialLine(SerialLine&& other) noexcept
    : device_(std::move(other.device_)), baud_(other.baud_), fd_(std::exchange(other.fd_, -1))
{
}

SerialLine& SerialLine::operator=(SerialLine&& other) noexcept
{
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        device_ = std::move(other.device_);
        baud_ = other.baud_;
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

} // namespace pgm::serial
