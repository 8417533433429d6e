#include "gpio_heartbeat_link.hpp"

#include <system_error>
#include <time.h>

namespace icd::daemon {

namespace board = icd::board;

namespace {

pgmd::MonoTime monotonicNow(sd_event* event)
{
    std::uint64_t usec = 0;
    sd_event_now(event, CLOCK_MONOTONIC, &usec);
    return pgmd::MonoTime{static_cast<std::int64_t>(usec)};
}

board::LineLevel levelOf(bool high)
{
    return high ? board::LineLevel::High : board::LineLevel::Low;
}

void check(int r, const char* what)
{
    if (r < 0)
        throw std::system_error(-r, std::generic_category(), what);
}

} // namespace

GpioHeartbeatLink::GpioHeartbeatLink(sd_event* event, std::unique_ptr<gpio::InputLine> line,
                                     board::GpioHeartbeatConfig config, Handlers handlers)
    : event_(event)
    , line_(std::move(line))
    , decoder_(config, monotonicNow(event), levelOf(line_->value()))
    , handlers_(std::move(handlers))
{
    check(sd_event_add_io(event_, &io_, line_->eventFd(), EPOLLIN, &GpioHeartbeatLink::onEdges, this),
          "sd_event_add_io");
    check(sd_event_add_time(event_, &timer_, CLOCK_MONOTONIC, 0, 0, &GpioHeartbeatLink::onDeadline, this),
          "sd_event_add_time");
    rearm();
}

GpioHeartbeatLink::~GpioHeartbeatLink()
{
    sd_event_source_disable_unref(timer_);
    sd_event_source_disable_unref(io_);
}

int GpioHeartbeatLink::onEdges(sd_event_source*, int, std::uint32_t, void* self)
{
    static_cast<GpioHeartbeatLink*>(self)->readEdges();
    return 0;
}

int GpioHeartbeatLink::onDeadline(sd_event_source*, std::uint64_t, void* self)
{
    auto* link = static_cast<GpioHeartbeatLink*>(self);
    // An edge already queued must count before the silence is judged.
    link->readEdges();
    if (auto dead = link->decoder_.onTimer(monotonicNow(link->event_)); dead && link->handlers_.lost)
        link->handlers_.lost(dead->reason());
    link->rearm();
    return 0;
}

void GpioHeartbeatLink::readEdges()
{
    for (const gpio::EdgeEvent& edge : line_->readEvents()) {
        const bool high = edge.edge == gpio::Edge::Rising;
        if (decoder_.onEdge(edge.at, levelOf(high)) == board::EdgeVerdict::Beat && handlers_.beat)
            handlers_.beat();
    }
    rearm();
}

void GpioHeartbeatLink::rearm()
{
    const std::optional<pgmd::MonoTime> deadline = decoder_.deadline();
    if (!deadline) {
        sd_event_source_set_enabled(timer_, SD_EVENT_OFF);
        return;
    }
    sd_event_source_set_time(timer_, static_cast<std::uint64_t>(std::max<std::int64_t>(deadline->usec, 1)));
    sd_event_source_set_enabled(timer_, SD_EVENT_ONESHOT);
}

} // namespace icd::daemon
