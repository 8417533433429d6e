#pragma once
// A relay driven by a GPIO output. The line's active level keeps the host
// powered (RelayActiveLow= inverts it); a switch is confirmed by reading the
// line back, never by remembering what was set.

#include "board/relay_driver.hpp"
#include "common/gpio/line.hpp"
#include "common/loop/event_loop.hpp"

#include <memory>

namespace icd::daemon {

class GpioRelay : public icd::board::RelayDriver {
public:
    GpioRelay(pgm::EventLoop& loop, std::unique_ptr<pgm::gpio::OutputLine> line, bool activeLow);

    void powerOff(Done done) override;
    void powerOn(Done done) override;
    void status(Done done) override;

private:
    void switchTo(bool powered, Done done);
    icd::board::RelayResult reading(bool ok, std::string detail) const;

    pgm::EventLoop& loop_;
    std::unique_ptr<pgm::gpio::OutputLine> line_;
    bool activeLow_;
};

} // namespace icd::daemon
