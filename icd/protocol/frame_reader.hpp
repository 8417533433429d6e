#pragma once
// Turns a byte stream, read in chunks of any size, into frame bodies.
// Bytes before the first delimiter are noise (the reader may have started
// mid-frame); a fragment that is not COBS, too short to be a body or too long
// is dropped and counted, and reading resumes at the next delimiter.

#include "bytes.hpp"
#include "counters.hpp"

#include <vector>

namespace icd {

class FrameReader {
public:
    FrameReader();

    // The bodies completed by this chunk, in order. Bytes of a frame not yet
    // complete are kept for the next call.
    std::vector<Bytes> feed(ByteView chunk);

    const Counters& counters() const { return counters_; }

private:
    enum class Mode {
        Hunting,   // not yet synchronised: skip to the next delimiter
        Collecting,
        Skipping,  // in an oversized frame: skip to the next delimiter
    };

    void endOfFragment(std::vector<Bytes>& bodies);

    Mode mode_ = Mode::Hunting;
    bool skippedNoise_ = false;
    Bytes fragment_;
    Counters counters_;
};

} // namespace icd
