#include "common/loop/bus_attachment.hpp"

#include "common/loop/event_loop.hpp"
#include "common/loop/sd_check.hpp"

#include <cstdint>
#include <exception>
#include <string>
#include <system_error>

#include <sdbus-c++/IConnection.h>

namespace pgm {
namespace {

// sd-bus sets POLLIN/POLLOUT only; their values equal EPOLLIN/EPOLLOUT.
std::uint32_t ioEvents(short pollEvents)
{
    return static_cast<std::uint16_t>(pollEvents);
}

} // namespace

BusAttachment::BusAttachment(EventLoop& loop, sdbus::IConnection& connection)
    : loop_(loop), connection_(connection)
{
    try {
        auto poll = connection_.getEventLoopPollData();
        throwIfNegative(sd_event_add_io(loop_.get(), &io_, poll.fd, ioEvents(poll.events), onIo, this),
              "sd_event_add_io (bus)");
        throwIfNegative(sd_event_source_set_prepare(io_, onPrepare), "sd_event_source_set_prepare (bus)");
        // Bus timeouts are method-call deadlines; a millisecond of slack is plenty.
        throwIfNegative(sd_event_add_time(loop_.get(), &timeout_, CLOCK_MONOTONIC, 0, 1000, onTimeout, this),
              "sd_event_add_time (bus)");
        refresh();
    } catch (...) {
        sd_event_source_disable_unref(timeout_);
        sd_event_source_disable_unref(io_);
        throw;
    }
}

BusAttachment::~BusAttachment()
{
    sd_event_source_disable_unref(timeout_);
    sd_event_source_disable_unref(io_);
}

void BusAttachment::refresh()
{
    auto poll = connection_.getEventLoopPollData();
    int fd = sd_event_source_get_io_fd(io_);
    if (fd != poll.fd)
        throwIfNegative(sd_event_source_set_io_fd(io_, poll.fd), "sd_event_source_set_io_fd (bus)");
    throwIfNegative(sd_event_source_set_io_events(io_, ioEvents(poll.events)), "sd_event_source_set_io_events (bus)");
    if (poll.timeout_usec == UINT64_MAX) {
        throwIfNegative(sd_event_source_set_enabled(timeout_, SD_EVENT_OFF), "disable bus timeout");
        return;
    }
    // 0 means "messages are already queued": an elapsed time fires at once.
    throwIfNegative(sd_event_source_set_time(timeout_, poll.timeout_usec), "sd_event_source_set_time (bus)");
    throwIfNegative(sd_event_source_set_enabled(timeout_, SD_EVENT_ONESHOT), "enable bus timeout");
}

void BusAttachment::process()
{
    while (connection_.processPendingRequest()) {
    }
}

int BusAttachment::onPrepare(sd_event_source*, void* self)
{
    auto* bus = static_cast<BusAttachment*>(self);
    try {
        bus->refresh();
    } catch (const std::exception& e) {
        bus->loop_.fail((std::string("bus poll data: ") + e.what()).c_str());
    }
    return 0;
}

int BusAttachment::onIo(sd_event_source*, int, std::uint32_t, void* self)
{
    auto* bus = static_cast<BusAttachment*>(self);
    try {
        bus->process();
    } catch (const std::exception& e) {
        bus->loop_.fail((std::string("bus processing: ") + e.what()).c_str());
    }
    return 0;
}

int BusAttachment::onTimeout(sd_event_source* source, std::uint64_t, void* self)
{
    return onIo(source, -1, 0, self);
}

} // namespace pgm
