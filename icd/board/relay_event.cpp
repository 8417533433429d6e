#include "relay_driver.hpp"

namespace icd::board {
namespace {

const char* readingName(RelayReading r)
{
    switch (r) {
    case RelayReading::On: return "on";
    case RelayReading::Off: return "off";
    default: return "unknown";
    }
}

} // namespace

Event relayEvent(RelayCommand command, const RelayResult& result)
{
    const bool off = command == RelayCommand::PowerOff;
    const char* what = off ? "power-off" : "power-on";
    if (!result.ok)
        return RelayFailed{std::string(what) + " failed" + (result.detail.empty() ? "" : ": " + result.detail)};
    const RelayReading wanted = off ? RelayReading::Off : RelayReading::On;
    if (result.reading != wanted)
        return RelayFailed{std::string("relay reads back ") + readingName(result.reading) + " after " + what};
    if (off)
        return RelayConfirmedOff{};
    return RelayConfirmedOn{};
}

RelayReading fenceAgentStatusReading(int exitStatus)
{
    switch (exitStatus) {
    case 0: return RelayReading::On;
    case 2: return RelayReading::Off;
    default: return RelayReading::Unknown;
    }
}

} // namespace icd::board
