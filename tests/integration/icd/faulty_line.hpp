#pragma once
// The host's side of the serial line with a fault injector in front of it:
// frames are dropped, held back (delivered after the next one), corrupted,
// duplicated, replayed from history, split into random pieces and mixed
// with garbage, all from one seed so that a failure can be replayed.

#include "protocol/bytes.hpp"

#include <deque>
#include <optional>
#include <random>

namespace icd::test {

struct FaultRates {
    double drop = 0;
    double delay = 0;
    double corrupt = 0;
    double duplicate = 0;
    double replay = 0;
    double garbage = 0;
};

class FaultyLine {
public:
    FaultyLine(int fd, unsigned seed) : fd_(fd), random_(seed) {}

    void setFaults(const FaultRates& rates) { rates_ = rates; }
    // Faults apply to this frame as to any other.
    void send(const Bytes& frame);
    // Exactly these bytes, no fault (forged or replayed frames the test builds itself).
    void sendClean(const Bytes& bytes);

    std::uint64_t faultsInjected() const { return faults_; }

private:
    bool chance(double rate);
    void writeInPieces(const Bytes& bytes);

    int fd_;
    std::mt19937 random_;
    FaultRates rates_;
    std::optional<Bytes> delayed_;
    std::deque<Bytes> history_;
    std::uint64_t faults_ = 0;
};

} // namespace icd::test
