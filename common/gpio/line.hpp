#pragma once
// GPIO lines as the board uses them, behind a small interface: a heartbeat
// input watched for edges and a relay output. The build machines have no
// GPIO, so the logic above is tested with fake_line.hpp; libgpiod_line.hpp
// is the real thing.

#include "common/time/time.hpp"

#include <system_error>
#include <vector>

namespace pgm::gpio {

enum class Edge { Rising, Falling };

struct EdgeEvent {
    Edge edge;
    // The kernel's timestamp of the edge. Linux 5.7 and later stamp line
    // events with CLOCK_MONOTONIC, the scale of every deadline here.
    pgm::MonoTime at;
};

class InputLine {
public:
    virtual ~InputLine() = default;
    // Readable (POLLIN) while edge events are pending: hand it to the event loop.
    virtual int eventFd() const = 0;
    // Every pending edge, oldest first; empty when none is. Never blocks.
    virtual std::vector<EdgeEvent> readEvents() = 0;
    // The line's level now: true is high.
    virtual bool value() const = 0;
};

class OutputLine {
public:
    virtual ~OutputLine() = default;
    virtual void setValue(bool high) = 0;
    // Read back from the line, not remembered: what confirms a relay's state.
    virtual bool value() const = 0;
};

// A line could not be opened, requested, read or set; what() names the line
// and the step, code() carries errno.
class LineError : public std::system_error {
public:
    using std::system_error::system_error;
};

} // namespace pgm::gpio
