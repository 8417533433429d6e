#include "command_relay.hpp"

#include <charconv>

namespace icd::daemon {

using icd::board::RelayReading;
using icd::board::RelayResult;

std::optional<int> exitStatusOf(const std::string& detail)
{
    constexpr std::string_view prefix = "exit status ";
    if (!detail.starts_with(prefix))
        return std::nullopt;
    int status = 0;
    const char* first = detail.data() + prefix.size();
    const char* last = detail.data() + detail.size();
    auto [end, error] = std::from_chars(first, last, status);
    if (error != std::errc() || end != last)
        return std::nullopt;
    return status;
}

CommandRelay::CommandRelay(pgmd::CommandRunner& runner, std::vector<std::string> argv, pgmd::Duration timeout)
    : runner_(runner)
    , argv_(std::move(argv))
    , timeout_(timeout)
{
}

std::vector<std::string> CommandRelay::with(const char* action) const
{
    std::vector<std::string> argv = argv_;
    argv.emplace_back(action);
    return argv;
}

void CommandRelay::status(Done done)
{
    runner_.run(with("status"), timeout_, [done](bool ok, const std::string& detail) {
        const std::optional<int> exit = ok ? std::optional<int>(0) : exitStatusOf(detail);
        const RelayReading reading = exit ? icd::board::fenceAgentStatusReading(*exit) : RelayReading::Unknown;
        // A status of "off" exits non-zero by convention: that is a reading, not a failure.
        const bool answered = reading != RelayReading::Unknown;
        done(RelayResult{answered, reading, answered ? std::string() : "status: " + detail});
    });
}

void CommandRelay::switchThenRead(const char* action, Done done)
{
    runner_.run(with(action), timeout_, [this, action, done](bool ok, const std::string& detail) {
        if (!ok) {
            done(RelayResult{false, RelayReading::Unknown, std::string(action) + ": " + detail});
            return;
        }
        status(done);
    });
}

void CommandRelay::powerOff(Done done)
{
    switchThenRead("off", std::move(done));
}

void CommandRelay::powerOn(Done done)
{
    switchThenRead("on", std::move(done));
}

} // namespace icd::daemon
