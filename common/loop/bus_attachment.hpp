#pragma once
// Drives one sdbus-c++ 1.x connection from an sd-event loop. That version of
// sdbus-c++ cannot attach to sd-event itself; it only exposes what it would
// poll on (fd, events, absolute CLOCK_MONOTONIC timeout) and a step function.

#include <cstdint>

#include <systemd/sd-event.h>

namespace sdbus {
class IConnection;
}

namespace pgm {

class EventLoop;

class BusAttachment {
public:
    // Throws std::system_error if the sources cannot be created.
    BusAttachment(EventLoop& loop, sdbus::IConnection& connection);
    ~BusAttachment();
    BusAttachment(const BusAttachment&) = delete;
    BusAttachment& operator=(const BusAttachment&) = delete;

    sdbus::IConnection& connection() const { return connection_; }

private:
    static int onPrepare(sd_event_source*, void* self);
    static int onIo(sd_event_source*, int fd, std::uint32_t revents, void* self);
    static int onTimeout(sd_event_source*, std::uint64_t usec, void* self);
    // Re-reads what the connection waits for: a call made in between (a
    // synchronous one in particular) may have queued messages or changed the
    // timeout, so this runs right before every poll.
    void refresh();
    void process();

    EventLoop& loop_;
    sdbus::IConnection& connection_;
    sd_event_source* io_ = nullptr;
    sd_event_source* timeout_ = nullptr;
};

} // namespace pgm
