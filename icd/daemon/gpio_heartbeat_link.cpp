#include "gpio_heartbeat_link.hpp"

#include <sys/epoll.h>

namespace icd::daemon {

namespace board = icd::board;

namespace {

board::LineLevel levelOf(bool high)
{
    return high ? board::LineLevel::High : board::LineLevel::Low;
}

} // namespace

GpioHeartbeatLink::GpioHeartbeatLink(sd_event* event, std::unique_ptr<pgm::gpio::InputLine> line,
                                     board::GpioHeartbeatConfig config, Handlers handlers)
    : event_(event)
    , line_(std::move(line))
    , decoder_(config, pgm::loopNow(event), levelOf(line_->value()))
    , handlers_(std::move(handlers))
    , io_(event, line_->eventFd(), EPOLLIN, [this](std::uint32_t) { readEdges(); }, "gpio heartbeat line")
    , timer_(event, [this] { onDeadline(); }, "gpio heartbeat deadline")
{
    rearm();
}

void GpioHeartbeatLink::onDeadline()
{
    // An edge already queued must count before the silence is judged.
    readEdges();
    if (auto dead = decoder_.onTimer(pgm::loopNow(event_)); dead && handlers_.lost)
        handlers_.lost(dead->reason());
    rearm();
}

void GpioHeartbeatLink::readEdges()
{
    for (const pgm::gpio::EdgeEvent& edge : line_->readEvents()) {
        const bool high = edge.edge == pgm::gpio::Edge::Rising;
        if (decoder_.onEdge(edge.at, levelOf(high)) == board::EdgeVerdict::Beat && handlers_.beat)
            handlers_.beat();
    }
    rearm();
}

void GpioHeartbeatLink::rearm()
{
    const std::optional<pgm::MonoTime> deadline = decoder_.deadline();
    if (deadline)
        timer_.armAt(*deadline);
    else
        timer_.disarm();
}

} // namespace icd::daemon
