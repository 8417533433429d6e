#pragma once
// One direction of a serial line with a fault injector in front of it:
// frames are dropped, held back (delivered after the next one), corrupted,
// duplicated, replayed from history, split into random pieces and mixed
// with garbage, all from one seed so that a failure can be replayed. It
// reports the faults it applied to each frame and counts them per kind.

#include "fault_rates.hpp"
#include "protocol/bytes.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <random>
#include <vector>

namespace icd::test {

class FaultyLine {
public:
    // One write on the line; what happens to bytes the far end cannot take
    // is the writer's business (a serial line loses them).
    using Write = std::function<void(ByteView)>;

    // `stream` tells apart lines that share a seed (the two directions).
    FaultyLine(Write write, std::uint32_t seed, std::uint32_t stream = 0);

    void setFaults(const FaultRates& rates) { rates_ = rates; }
    // Paused, every frame goes out as it came, and a frame held back goes
    // out at once, so that the line is clean from then on.
    void pause();
    void resume() { paused_ = false; }
    bool paused() const { return paused_; }

    // Faults apply to this frame as to any other; returns the ones applied, in order.
    std::vector<FaultKind> send(ByteView frame);
    // Exactly these bytes, no fault.
    void sendClean(ByteView bytes) { write_(bytes); }

    std::uint64_t frames() const { return frames_; }
    const FaultCounts& counts() const { return counts_; }

private:
    bool chance(FaultKind kind, std::vector<FaultKind>& applied);
    std::size_t pick(std::size_t low, std::size_t high);
    void put(ByteView bytes, std::vector<FaultKind>& applied);
    Bytes garbage();
    Bytes corrupted(ByteView frame);

    Write write_;
    std::mt19937 random_;
    FaultRates rates_;
    bool paused_ = false;
    std::optional<Bytes> held_;
    std::deque<Bytes> history_;
    std::uint64_t frames_ = 0;
    FaultCounts counts_;
};

} // namespace icd::test
