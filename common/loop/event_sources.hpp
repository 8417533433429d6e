#pragma once
// Owned sd-event sources. Each object holds exactly one source and disables
// and releases it when it goes, so a callback never runs for an object that
// is gone; adapters keep these instead of raw sd_event_source pointers.
//
// A handler that throws ends the loop with EXIT_FAILURE after printing what
// failed and the source's name: a daemon whose loop is in an unknown state is
// better restarted by systemd than left running.

#include "common/time/time.hpp"

#include <csignal>
#include <cstdint>
#include <functional>

#include <systemd/sd-event.h>

namespace pgm {

class OwnedSource {
public:
    OwnedSource() = default;
    ~OwnedSource();
    OwnedSource(const OwnedSource&) = delete;
    OwnedSource& operator=(const OwnedSource&) = delete;

    sd_event_source* get() const { return source_; }
    sd_event_source** out() { return &source_; }
    void enable(int mode) const;  // SD_EVENT_ON, SD_EVENT_ONESHOT or SD_EVENT_OFF
    bool enabled() const;

private:
    sd_event_source* source_ = nullptr;
};

// Readiness of a file descriptor (EPOLLIN, EPOLLOUT ...). Enabled from the start.
class IoWatch {
public:
    using Handler = std::function<void(std::uint32_t revents)>;
    // Throws std::system_error. `name` appears in sd-event's debug output and in failures.
    IoWatch(sd_event* event, int fd, std::uint32_t events, Handler onReady, const char* name);

    void setEvents(std::uint32_t events);
    void enable(bool on) { source_.enable(on ? SD_EVENT_ON : SD_EVENT_OFF); }

private:
    static int dispatch(sd_event_source*, int fd, std::uint32_t revents, void* self);
    Handler onReady_;
    const char* name_;
    OwnedSource source_;
};

// A one-shot CLOCK_MONOTONIC timer, re-armable, disarmed until armed.
class MonotonicTimer {
public:
    // `accuracy` lets sd-event merge wakeups; 0 asks for its default.
    MonotonicTimer(sd_event* event, std::function<void()> onFire, const char* name, Duration accuracy = Duration{0});

    void armAt(MonoTime at);
    void armIn(Duration delay);
    void disarm() { source_.enable(SD_EVENT_OFF); }
    bool armed() const { return source_.enabled(); }

private:
    static int dispatch(sd_event_source*, std::uint64_t, void* self);
    std::function<void()> onFire_;
    const char* name_;
    OwnedSource source_;
};

// ChildWatch needs SIGCHLD blocked in every thread: call this first thing,
// before any thread starts (threads inherit the mask).
void blockChildSignals();

// The end of one child process (WEXITED). sd-event reaps it.
class ChildWatch {
public:
    using Handler = std::function<void(const siginfo_t&)>;
    // SIGCHLD must be blocked in every thread. Throws std::system_error.
    ChildWatch(sd_event* event, pid_t pid, Handler onExit, const char* name);

private:
    static int dispatch(sd_event_source*, const siginfo_t* info, void* self);
    Handler onExit_;
    const char* name_;
    OwnedSource source_;
};

// Work run on a later turn of the loop, once each time it is triggered. With
// `priority` SD_EVENT_PRIORITY_IDLE it waits until nothing else is pending,
// so that what a burst of events asked for is done once, after the burst.
class DeferredWork {
public:
    DeferredWork(sd_event* event, std::function<void()> work, const char* name,
                 std::int64_t priority = SD_EVENT_PRIORITY_NORMAL);
    void trigger() { source_.enable(SD_EVENT_ONESHOT); }

private:
    static int dispatch(sd_event_source*, void* self);
    std::function<void()> work_;
    const char* name_;
    OwnedSource source_;
};

// The loop's own CLOCK_MONOTONIC reading for this iteration.
MonoTime loopNow(sd_event* event);

} // namespace pgm
