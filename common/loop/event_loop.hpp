#pragma once
// A daemon's single event loop: an sd-event loop that also drives the sdbus-c++
// connections, the engine's deadline timer, deferred work and the stop signals.
// Everything runs on the thread that calls run(); nothing here is thread-safe.

#include "common/loop/event_sources.hpp"
#include "common/time/time.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <systemd/sd-event.h>

namespace sdbus {
class IConnection;
}

namespace pgm {

class BusAttachment;

class EventLoop {
public:
    // Throws std::system_error on failure. Enables sd-event's watchdog support,
    // so WATCHDOG=1 is sent on its own whenever the service has WatchdogSec=.
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    sd_event* get() { return event_.get(); }

    // Dispatches the connection's messages (replies, signals, method calls)
    // from this loop. The connection must outlive the loop, or be detached.
    // Throws std::system_error on failure.
    void attach(sdbus::IConnection& connection);
    void detach(sdbus::IConnection& connection);

    // One re-armable CLOCK_MONOTONIC timer; std::nullopt disarms it. A deadline
    // already in the past fires on the next iteration. onFire may re-arm it.
    void setDeadline(std::optional<MonoTime> deadline, std::function<void()> onFire);

    // Runs `work` once the loop has nothing more urgent to dispatch, so that
    // work requested by a burst of events (e.g. persisting state) is done after
    // the burst. Work still queued when the loop exits runs before run() returns.
    void defer(std::function<void()> work);

    // Blocks SIGTERM and SIGINT in the calling thread and delivers them through
    // the loop. Call before any other thread is started.
    void onSignals(std::function<void(int)> handler);

    // Returns the code given to exit(), or EXIT_FAILURE if the loop broke.
    int run();
    void exit(int code);

    // For sources whose callbacks fail: logs `what` and ends the loop.
    void fail(const char* what);

private:
    // The sd_event itself: declared first, released last.
    class Event {
    public:
        Event();
        ~Event();
        Event(const Event&) = delete;
        Event& operator=(const Event&) = delete;
        sd_event* get() const { return event_; }

    private:
        sd_event* event_ = nullptr;
    };

    static int onExit(sd_event_source*, void* self);
    static int onSignal(sd_event_source*, const struct signalfd_siginfo*, void* self);
    void runDeferred();

    Event event_;
    std::function<void()> deadlineHandler_;
    std::function<void(int)> signalHandler_;
    std::vector<std::function<void()>> deferred_;
    MonotonicTimer deadline_;
    DeferredWork deferredWork_;
    OwnedSource exitSource_;
    std::vector<std::unique_ptr<OwnedSource>> signalSources_;
    std::vector<std::unique_ptr<BusAttachment>> buses_;
};

} // namespace pgm
