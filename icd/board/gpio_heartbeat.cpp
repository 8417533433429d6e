#include "gpio_heartbeat.hpp"

#include "common/ini/timespan.hpp"

namespace icd::board {

using pgm::formatTimespan;

const char* toString(LineLevel level)
{
    return level == LineLevel::High ? "high" : "low";
}

std::vector<std::string> gpioHeartbeatProblems(const GpioHeartbeatConfig& c)
{
    std::vector<std::string> problems;
    // P/4 must be at least a microsecond, or every edge would be a beat.
    if (c.period < Duration{4})
        problems.push_back("GPIO heartbeat period must be at least 4us, not " + pgm::formatTimespan(c.period));
    // Fewer than three half-periods: one late or lost edge would already be
    // a death sentence.
    if (c.deadAfterHalfPeriods < 3)
        problems.push_back("GPIO heartbeat must allow at least 3 half-periods of silence, not "
                           + std::to_string(c.deadAfterHalfPeriods));
    return problems;
}

std::string DeadVerdict::reason() const
{
    return std::string("GPIO heartbeat line stuck ") + toString(stuckAt) + ": no beat for " + pgm::formatTimespan(silentFor);
}

namespace {

GpioHeartbeatConfig validated(GpioHeartbeatConfig c)
{
    if (auto problems = gpioHeartbeatProblems(c); !problems.empty())
        throw InvalidGpioHeartbeatConfig(problems.front());
    return c;
}

} // namespace

GpioHeartbeatDecoder::GpioHeartbeatDecoder(GpioHeartbeatConfig config, MonoTime start, LineLevel level)
    : config_(validated(config)), level_(level), silentSince_(start)
{
}

EdgeVerdict GpioHeartbeatDecoder::onEdge(MonoTime at, LineLevel levelAfter)
{
    level_ = levelAfter;
    // An edge stamped before the previous beat (or too soon after it) is
    // bounce or interference, not the host's toggle.
    if (lastBeat_ && at - *lastBeat_ < minSpacing()) {
        ++noiseEdges_;
        return EdgeVerdict::Noise;
    }
    lastBeat_ = at;
    silentSince_ = at;
    dead_ = false;
    ++beats_;
    return EdgeVerdict::Beat;
}

std::optional<MonoTime> GpioHeartbeatDecoder::deadline() const
{
    if (dead_)
        return std::nullopt;
    return silentSince_ + deadAfter();
}

std::optional<DeadVerdict> GpioHeartbeatDecoder::onTimer(MonoTime now)
{
    const auto due = deadline();
    if (!due || now < *due)
        return std::nullopt;
    dead_ = true;
    return DeadVerdict{level_, now - silentSince_};
}

} // namespace icd::board
