#pragma once
// A peer's end of a serial line in tests: the device opened raw and
// non-blocking, the way pgmd and pgm-icd open theirs, with whatever the line
// held before it was opened flushed away.

#include "protocol/bytes.hpp"
#include "common/serial/serial_line.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace icd::test {

class SerialPeer {
public:
    // Throws std::system_error naming the device.
    explicit SerialPeer(std::string device);
    ~SerialPeer();
    SerialPeer(const SerialPeer&) = delete;
    SerialPeer& operator=(const SerialPeer&) = delete;

    // Closes the device and opens it again, as a restarting peer does.
    void reopen();
    void close();

    int fd() const { return line_ ? line_->fd() : -1; }
    // All of `bytes`, waiting for room up to a deadline; false if it passed.
    bool write(ByteView bytes, std::chrono::milliseconds limit = std::chrono::seconds(2));
    // Reads until `enough(everything read so far)` or the time is up.
    Bytes readUntil(std::chrono::milliseconds limit, const std::function<bool(const Bytes&)>& enough);
    // What has arrived by now, without waiting.
    Bytes readAvailable();

private:
    std::string device_;
    std::optional<pgm::serial::SerialLine> line_;
};

} // namespace icd::test
