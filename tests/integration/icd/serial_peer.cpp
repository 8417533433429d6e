#include "serial_peer.hpp"

#include "common/serial/line_drain.hpp"

#include <cerrno>
#include <poll.h>
#include <unistd.h>

namespace icd::test {

namespace {

using Clock = std::chrono::steady_clock;

int millisLeft(Clock::time_point deadline)
{
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

// The line speed means nothing on a pseudo-terminal; it is what both daemons use.
constexpr unsigned kBaud = 115200;

} // namespace

SerialPeer::SerialPeer(std::string device) : device_(std::move(device)), line_(std::in_place, device_, kBaud) {}

SerialPeer::~SerialPeer() = default;

void SerialPeer::close()
{
    line_.reset();
}

void SerialPeer::reopen()
{
    close();
    line_.emplace(device_, kBaud);
}

bool SerialPeer::write(ByteView bytes, std::chrono::milliseconds limit)
{
    const auto deadline = Clock::now() + limit;
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd(), bytes.data(), bytes.size());
        if (n > 0) {
            bytes = bytes.subspan(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            return false;
        pollfd pfd{fd(), POLLOUT, 0};
        if (poll(&pfd, 1, millisLeft(deadline)) <= 0)
            return false;
    }
    return true;
}

Bytes SerialPeer::readAvailable()
{
    Bytes out;
    // A peer that hung up just has nothing more to give.
    pgm::serial::drainLine(fd(), [&out](ByteView bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); });
    return out;
}

Bytes SerialPeer::readUntil(std::chrono::milliseconds limit, const std::function<bool(const Bytes&)>& enough)
{
    const auto deadline = Clock::now() + limit;
    Bytes out;
    while (!enough(out)) {
        pollfd pfd{fd(), POLLIN, 0};
        if (poll(&pfd, 1, millisLeft(deadline)) <= 0)
            break;
        const Bytes chunk = readAvailable();
        out.insert(out.end(), chunk.begin(), chunk.end());
    }
    return out;
}

} // namespace icd::test
