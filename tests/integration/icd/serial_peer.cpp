#include "serial_peer.hpp"

#include <array>
#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <system_error>
#include <termios.h>
#include <unistd.h>

namespace icd::test {

namespace {

using Clock = std::chrono::steady_clock;

int millisLeft(Clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

} // namespace

SerialPeer::SerialPeer(std::string device) : device_(std::move(device))
{
    open();
}

SerialPeer::~SerialPeer()
{
    close();
}

void SerialPeer::open()
{
    fd_ = ::open(device_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0)
        throw std::system_error(errno, std::generic_category(), device_ + ": open");
    termios tio{};
    const bool got = tcgetattr(fd_, &tio) == 0;
    cfmakeraw(&tio);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    if (!got || tcsetattr(fd_, TCSANOW, &tio) != 0) {
        const int error = errno;
        close();
        throw std::system_error(error, std::generic_category(), device_ + ": not a terminal in raw mode");
    }
    tcflush(fd_, TCIOFLUSH);
}

void SerialPeer::close()
{
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = -1;
}

void SerialPeer::reopen()
{
    close();
    open();
}

bool SerialPeer::write(ByteView bytes, std::chrono::milliseconds limit)
{
    const auto deadline = Clock::now() + limit;
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n > 0) {
            bytes = bytes.subspan(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return false;
        pollfd pfd{fd_, POLLOUT, 0};
        if (poll(&pfd, 1, millisLeft(deadline)) <= 0)
            return false;
    }
    return true;
}

Bytes SerialPeer::readAvailable()
{
    Bytes out;
    std::array<std::uint8_t, 4096> buffer{};
    for (;;) {
        const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
        if (n > 0)
            out.insert(out.end(), buffer.begin(), buffer.begin() + n);
        else if (n < 0 && errno == EINTR)
            continue;
        else
            return out;
    }
}

Bytes SerialPeer::readUntil(std::chrono::milliseconds limit, const std::function<bool(const Bytes&)>& enough)
{
    const auto deadline = Clock::now() + limit;
    Bytes out;
    while (!enough(out)) {
        pollfd pfd{fd_, POLLIN, 0};
        if (poll(&pfd, 1, millisLeft(deadline)) <= 0)
            break;
        const Bytes chunk = readAvailable();
        out.insert(out.end(), chunk.begin(), chunk.end());
    }
    return out;
}

} // namespace icd::test
