#include "frame_log.hpp"

#include <cerrno>
#include <fcntl.h>
#include <system_error>
#include <unistd.h>

namespace icd::test {

std::string frameLogLine(std::uint64_t monotonicNs, std::string_view direction, ByteView frame,
                         const std::vector<FaultKind>& faults)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string line = std::to_string(monotonicNs) + " " + std::string(direction) + " ";
    for (std::uint8_t byte : frame) {
        line += kHex[byte >> 4];
        line += kHex[byte & 0x0f];
    }
    line += ' ';
    if (faults.empty())
        line += '-';
    for (std::size_t i = 0; i < faults.size(); ++i)
        line += (i ? "," : "") + std::string(faultKindName(faults[i]));
    return line;
}

FrameLog::FrameLog(const std::string& path)
{
    if (path.empty())
        return;
    fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw std::system_error(errno, std::generic_category(), "--log " + path);
}

FrameLog::~FrameLog()
{
    if (fd_ >= 0)
        close(fd_);
}

void FrameLog::record(std::uint64_t monotonicNs, std::string_view direction, ByteView frame,
                      const std::vector<FaultKind>& faults)
{
    if (fd_ < 0)
        return;
    const std::string line = frameLogLine(monotonicNs, direction, frame, faults) + "\n";
    // A log that cannot keep up (disk full) must not stop the line.
    if (write(fd_, line.data(), line.size()) < 0)
        return;
}

} // namespace icd::test
