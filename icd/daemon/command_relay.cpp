#include "command_relay.hpp"

#include <optional>

namespace icd::daemon {

using icd::board::RelayReading;
using icd::board::RelayResult;
using pgm::CommandResult;

CommandRelay::CommandRelay(pgm::CommandRunner& runner, std::vector<std::string> argv, pgm::Duration timeout)
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
    runner_.run(with("status"), timeout_, [done](const pgm::CommandResult& result) {
        const std::optional<int> exit = result.exitStatus();
        const RelayReading reading = exit ? icd::board::fenceAgentStatusReading(*exit) : RelayReading::Unknown;
        // A status of "off" exits non-zero by convention: that is a reading, not a failure.
        const bool answered = reading != RelayReading::Unknown;
        done(RelayResult{answered, reading, answered ? std::string() : "status: " + result.detail});
    });
}

void CommandRelay::switchThenRead(const char* action, Done done)
{
    runner_.run(with(action), timeout_, [this, action, done](const pgm::CommandResult& result) {
        if (!result.succeeded()) {
            done(RelayResult{false, RelayReading::Unknown, std::string(action) + ": " + result.detail});
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
