#include "bus_event_source.hpp"

#include "log.hpp"

#include <cstdlib>
#include <exception>
#include <string>
#include <system_error>

#include <sdbus-c++/IConnection.h>

namespace example {
namespace {

void check(int r, const char* what)
{
    if (r < 0)
        throw std::system_error(-r, std::generic_category(), what);
}

// sd-bus asks for POLLIN/POLLOUT only, whose values are EPOLLIN/EPOLLOUT.
std::uint32_t epollEvents(short pollEvents)
{
    return static_cast<std::uint16_t>(pollEvents);
}

} // namespace

BusEventSource::BusEventSource(sd_event* event, sdbus::IConnection& connection)
    : event_(event), connection_(connection)
{
    try {
        auto poll = connection_.getEventLoopPollData();
        check(sd_event_add_io(event_, &io_, poll.fd, epollEvents(poll.events), onReadable, this), "bus io source");
        check(sd_event_source_set_prepare(io_, onPrepare), "bus prepare callback");
        check(sd_event_add_time(event_, &deadline_, CLOCK_MONOTONIC, 0, 0, onDeadline, this), "bus deadline");
        rearm();
    } catch (...) {
        sd_event_source_disable_unref(deadline_);
        sd_event_source_disable_unref(io_);
        throw;
    }
}

BusEventSource::~BusEventSource()
{
    sd_event_source_disable_unref(deadline_);
    sd_event_source_disable_unref(io_);
}

void BusEventSource::rearm()
{
    auto poll = connection_.getEventLoopPollData();
    check(sd_event_source_set_io_events(io_, epollEvents(poll.events)), "bus io events");
    if (poll.timeout_usec == UINT64_MAX) {
        check(sd_event_source_set_enabled(deadline_, SD_EVENT_OFF), "bus deadline off");
        return;
    }
    // A deadline of 0 means messages are already queued: it fires at once.
    check(sd_event_source_set_time(deadline_, poll.timeout_usec), "bus deadline time");
    check(sd_event_source_set_enabled(deadline_, SD_EVENT_ONESHOT), "bus deadline on");
}

void BusEventSource::processAll()
{
    while (connection_.processPendingRequest()) {
    }
}

void BusEventSource::fail(const char* what)
{
    log(Level::Error, what);
    sd_event_exit(event_, EXIT_FAILURE);
}

int BusEventSource::onPrepare(sd_event_source*, void* self)
{
    auto* bus = static_cast<BusEventSource*>(self);
    try {
        bus->rearm();
    } catch (const std::exception& e) {
        bus->fail((std::string("bus: ") + e.what()).c_str());
    }
    return 0;
}

int BusEventSource::onReadable(sd_event_source*, int, std::uint32_t, void* self)
{
    auto* bus = static_cast<BusEventSource*>(self);
    try {
        bus->processAll();
    } catch (const std::exception& e) {
        bus->fail((std::string("bus: ") + e.what()).c_str());
    }
    return 0;
}

int BusEventSource::onDeadline(sd_event_source* source, std::uint64_t, void* self)
{
    return onReadable(source, -1, 0, self);
}

} // namespace example
