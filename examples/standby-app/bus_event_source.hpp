#pragma once
// Dispatches an sdbus-c++ connection from an sd-event loop. sdbus-c++ 1.2
// cannot attach itself to sd-event; it tells what it waits for (an fd, poll
// events and an absolute CLOCK_MONOTONIC deadline) and processes messages one
// at a time. Any application with its own loop needs this much glue.

#include <cstdint>

#include <systemd/sd-event.h>

namespace sdbus {
class IConnection;
}

namespace example {

class BusEventSource {
public:
    // Throws std::system_error. If processing fails (the bus went away), the
    // loop exits with EXIT_FAILURE.
    BusEventSource(sd_event* event, sdbus::IConnection& connection);
    ~BusEventSource();
    BusEventSource(const BusEventSource&) = delete;
    BusEventSource& operator=(const BusEventSource&) = delete;

private:
    static int onPrepare(sd_event_source* source, void* self);
    static int onReadable(sd_event_source* source, int fd, std::uint32_t events, void* self);
    static int onDeadline(sd_event_source* source, std::uint64_t usec, void* self);
    // What the connection waits for changes with every message sent or
    // received, including by synchronous calls made from handlers, so it is
    // read again right before each poll.
    void rearm();
    void processAll();
    void fail(const char* what);

    sd_event* event_;
    sdbus::IConnection& connection_;
    sd_event_source* io_ = nullptr;
    sd_event_source* deadline_ = nullptr;
};

} // namespace example
