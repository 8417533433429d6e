#pragma once
// Heartbeats as a GPIO line toggled every half period from pgmd's loop. The
// line carries nothing else: no session, no answers, no requests, neither
// DISARM nor EXPECT_REBOOT (stopping the toggling is what the board reads as
// a dead host, whether the host shuts down or reboots).

#include "link.hpp"
#include "common/loop/repeating_timer.hpp"

#include "core/model.hpp"
#include "common/gpio/line.hpp"
#include "common/loop/event_loop.hpp"

#include <functional>
#include <memory>

namespace pgmd::boardlink {

class GpioLink final : public Link {
public:
    // Opens the output line when the link starts; tests hand in a fake.
    using LineOpener = std::function<std::unique_ptr<pgm::gpio::OutputLine>(const IndependentComputerSpec&)>;

    GpioLink(pgm::EventLoop& loop, const IndependentComputerSpec& spec, BoardLinkSession::Listener listener,
             LineOpener open);

    std::string description() const override;
    void start() override;
    void stop(StopReason reason) override;
    LinkSnapshot snapshot() const override;
    std::string requestCycle(icd::RequestReason reason, const std::string& why) override;
    std::string queryStatus() override;

private:
    void toggle();

    const IndependentComputerSpec spec_;
    BoardLinkSession::Listener listener_;
    LineOpener open_;
    std::unique_ptr<pgm::gpio::OutputLine> line_;
    pgm::RepeatingTimer toggler_;
    bool level_ = false;
    std::uint64_t edges_ = 0;
    LinkState state_ = LinkState::Down;
};

// The real line, through libgpiod.
std::unique_ptr<pgm::gpio::OutputLine> openGpioLine(const IndependentComputerSpec& spec);

} // namespace pgmd::boardlink
