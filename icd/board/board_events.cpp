#include "board_events.hpp"

#include <array>

namespace icd::board {
namespace {

// In the order of the Event variant's alternatives.
constexpr std::array kEventNames{
    "hello",       "heartbeat",           "heartbeat lost",     "power-cycle request", "power-off request",
    "disarm",      "reboot announcement", "clear-latch",        "relay confirmed off", "relay confirmed on",
    "relay failure", "fence request",
};
static_assert(kEventNames.size() == std::variant_size_v<Event>);

} // namespace

const char* eventName(const Event& e)
{
    return kEventNames[e.index()];
}

bool isRequest(const Event& e)
{
    return std::holds_alternative<RequestCycle>(e) || std::holds_alternative<RequestOff>(e)
           || std::holds_alternative<Disarm>(e) || std::holds_alternative<ExpectReboot>(e)
           || std::holds_alternative<ClearLatch>(e);
}

} // namespace icd::board
