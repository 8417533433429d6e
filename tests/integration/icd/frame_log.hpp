#pragma once
// --log FILE: one line per frame a peer sent, written as it arrives, one
// write() per line so that a reader following the file never sees half a line:
//   <CLOCK_MONOTONIC ns> <to-board|to-host> <frame bytes, hex> <faults applied, comma-separated, or ->

#include "fault_rates.hpp"
#include "protocol/bytes.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace icd::test {

class FrameLog {
public:
    // "" logs nothing. Throws std::system_error naming the file when it
    // cannot be created; an existing file is truncated.
    explicit FrameLog(const std::string& path);
    ~FrameLog();
    FrameLog(const FrameLog&) = delete;
    FrameLog& operator=(const FrameLog&) = delete;

    void record(std::uint64_t monotonicNs, std::string_view direction, ByteView frame,
                const std::vector<FaultKind>& faults);

private:
    int fd_ = -1;
};

// The line record() writes, without its newline.
std::string frameLogLine(std::uint64_t monotonicNs, std::string_view direction, ByteView frame,
                         const std::vector<FaultKind>& faults);

} // namespace icd::test
