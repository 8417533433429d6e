#pragma once
// Reads everything pending on a non-blocking raw line. A raw tty with
// VMIN=0 reads 0 bytes when nothing is pending: that is no end of file (a
// line has none); a hang-up shows as EIO here or as POLLHUP to the caller.

#include <cstdint>
#include <functional>
#include <span>

namespace pgm::serial {

struct Drained {
    bool gotBytes = false;
    int error = 0; // the errno of a failed read; 0 when the line is just empty
};

Drained drainLine(int fd, const std::function<void(std::span<const std::uint8_t>)>& consume);

} // namespace pgm::serial
