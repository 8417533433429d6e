#include "gpio_relay.hpp"

namespace icd::daemon {

using icd::board::RelayReading;
using icd::board::RelayResult;

GpioRelay::GpioRelay(pgm::EventLoop& loop, std::unique_ptr<pgm::gpio::OutputLine> line, bool activeLow)
    : loop_(loop)
    , line_(std::move(line))
    , activeLow_(activeLow)
{
}

RelayResult GpioRelay::reading(bool ok, std::string detail) const
{
    RelayResult result{ok, RelayReading::Unknown, std::move(detail)};
    try {
        const bool powered = line_->value() != activeLow_;
        result.reading = powered ? RelayReading::On : RelayReading::Off;
    } catch (const pgm::gpio::LineError& e) {
        result.ok = false;
        result.detail = std::string("readback: ") + e.what();
    }
    return result;
}

void GpioRelay::switchTo(bool powered, Done done)
{
    RelayResult result;
    try {
        line_->setValue(powered != activeLow_);
        result = reading(true, {});
    } catch (const pgm::gpio::LineError& e) {
        result = RelayResult{false, RelayReading::Unknown, e.what()};
    }
    // Setting a line is synchronous; the answer still comes from the loop, as
    // the RelayDriver contract asks, so the board's action list is finished first.
    loop_.defer([done = std::move(done), result] { done(result); });
}

void GpioRelay::powerOff(Done done)
{
    switchTo(false, std::move(done));
}

void GpioRelay::powerOn(Done done)
{
    switchTo(true, std::move(done));
}

void GpioRelay::status(Done done)
{
    RelayResult result = reading(true, {});
    loop_.defer([done = std::move(done), result] { done(result); });
}

} // namespace icd::daemon
