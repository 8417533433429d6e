#include "gpio_link.hpp"

#include "common/gpio/libgpiod_line.hpp"

namespace pgmd::boardlink {

namespace {
constexpr const char* kConsumer = "pgmd-heartbeat";
} // namespace

GpioLink::GpioLink(pgm::EventLoop& loop, const IndependentComputerSpec& spec, BoardLinkSession::Listener listener,
                   LineOpener open)
    : spec_(spec), listener_(std::move(listener)), open_(std::move(open)),
      toggler_(loop, spec.gpioPeriod / 2, [this] { toggle(); })
{
}

std::string GpioLink::description() const
{
    return "gpio " + spec_.gpioChip + " " + std::to_string(spec_.gpioLine);
}

void GpioLink::start()
{
    line_ = open_(spec_);
    level_ = line_->value();
    toggler_.start();
    state_ = LinkState::Up;
    if (listener_)
        listener_(LinkEvent{LinkEvent::Kind::StateChanged, LinkEvent::Level::Info,
                            "heartbeats on " + description() + " every " +
                                std::to_string(spec_.gpioPeriod.count() / 2000) + "ms"});
}

void GpioLink::stop(StopReason reason)
{
    toggler_.stop();
    if (state_ != LinkState::Up)
        return;
    state_ = LinkState::Down;
    if (listener_)
        listener_(LinkEvent{LinkEvent::Kind::StateChanged, LinkEvent::Level::Warning,
                            "heartbeats on " + description() + " stop (" + toString(reason) +
                                "); a GPIO link can neither disarm the board nor announce a reboot: "
                                "the board will act on the silence"});
}

void GpioLink::toggle()
{
    level_ = !level_;
    try {
        line_->setValue(level_);
        ++edges_;
    } catch (const pgm::gpio::LineError& e) {
        if (listener_)
            listener_(LinkEvent{LinkEvent::Kind::Problem, LinkEvent::Level::Error, e.what()});
    }
}

LinkSnapshot GpioLink::snapshot() const
{
    LinkSnapshot s;
    s.state = state_;
    // The board counts every edge, spaced half a period apart, as a beat.
    s.heartbeatsSent = edges_;
    return s;
}

std::string GpioLink::requestCycle(icd::RequestReason, const std::string&)
{
    return "a GPIO link carries heartbeats only; it cannot ask the board for a power cycle";
}

std::string GpioLink::queryStatus()
{
    return "a GPIO link carries heartbeats only; the board cannot be queried over it";
}

std::unique_ptr<pgm::gpio::OutputLine> openGpioLine(const IndependentComputerSpec& spec)
{
    return std::make_unique<pgm::gpio::LibgpiodOutputLine>(pgm::gpio::LineAddress{spec.gpioChip, spec.gpioLine},
                                                           kConsumer,
                                                       false);
}

} // namespace pgmd::boardlink
