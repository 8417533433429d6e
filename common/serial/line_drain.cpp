#include "common/serial/line_drain.hpp"

#include <array>
#include <cerrno>
#include <unistd.h>

namespace pgm::serial {

Drained drainLine(int fd, const std::function<void(std::span<const std::uint8_t>)>& consume)
{
    std::array<std::uint8_t, 512> buffer;
    Drained drained;
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n > 0) {
            drained.gotBytes = true;
            consume(std::span<const std::uint8_t>(buffer.data(), static_cast<std::size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN)
            drained.error = errno;
        return drained;
    }
}

} // namespace pgm::serial
