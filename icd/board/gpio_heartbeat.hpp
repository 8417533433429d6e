#pragma once
// Heartbeats over a GPIO line. The host toggles the line every P/2; an edge
// counts as a beat when it comes at least P/4 after the previous counted one
// (faster edges are noise: counted, not beats). No beat for k * P/2 (k >= 3)
// means the host is dead, and so does a line stuck high or low, which is the
// same silence: the verdict says at which level it is stuck.
// Pure logic: edges come in with their kernel timestamps.

#include "time_types.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace icd::board {

enum class LineLevel { Low, High };
const char* toString(LineLevel);  // "low", "high"

struct GpioHeartbeatConfig {
    Duration period{0};               // P
    unsigned deadAfterHalfPeriods = 3;  // k
};

std::vector<std::string> gpioHeartbeatProblems(const GpioHeartbeatConfig&);

class InvalidGpioHeartbeatConfig : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

enum class EdgeVerdict { Beat, Noise };

struct DeadVerdict {
    LineLevel stuckAt;
    Duration silentFor;  // since the last beat (or since watching started)
    // "GPIO heartbeat line stuck high: no beat for 1s 500ms"
    std::string reason() const;
};

class GpioHeartbeatDecoder {
public:
    // `level` is the line's value when watching starts at `start`. Throws
    // InvalidGpioHeartbeatConfig.
    GpioHeartbeatDecoder(GpioHeartbeatConfig config, MonoTime start, LineLevel level);

    EdgeVerdict onEdge(MonoTime at, LineLevel levelAfter);
    // Call once deadline() has passed, after reading every pending edge (an
    // edge already queued would otherwise be too late). One verdict per
    // silence; the next beat makes the line alive again.
    std::optional<DeadVerdict> onTimer(MonoTime now);
    // Nothing while the line is dead: only an edge can change that.
    std::optional<MonoTime> deadline() const;

    bool dead() const { return dead_; }
    LineLevel level() const { return level_; }
    std::uint64_t beats() const { return beats_; }
    std::uint64_t noiseEdges() const { return noiseEdges_; }

private:
    Duration minSpacing() const { return config_.period / 4; }
    Duration deadAfter() const { return config_.period / 2 * config_.deadAfterHalfPeriods; }

    GpioHeartbeatConfig config_;
    LineLevel level_;
    std::optional<MonoTime> lastBeat_;
    MonoTime silentSince_;
    bool dead_ = false;
    std::uint64_t beats_ = 0;
    std::uint64_t noiseEdges_ = 0;
};

} // namespace icd::board
