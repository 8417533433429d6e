#include "common/loop/event_sources.hpp"

#include "common/loop/sd_check.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <utility>

namespace pgm {

namespace {

// The handler is copied before it runs: it may destroy the object that holds
// it (a timeout that ends the wait it belongs to). sd-event keeps the source
// itself valid until its dispatch returns.
template <class Handler, class... Args>
int guarded(sd_event_source* source, const char* name, const Handler& handler, Args&&... args)
{
    sd_event* event = sd_event_source_get_event(source);
    try {
        Handler copy = handler;
        copy(std::forward<Args>(args)...);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", name, e.what());
        sd_event_exit(event, EXIT_FAILURE);
    }
    return 0;
}

} // namespace

OwnedSource::~OwnedSource()
{
    sd_event_source_disable_unref(source_);
}

void OwnedSource::enable(int mode) const
{
    sd_event_source_set_enabled(source_, mode);
}

bool OwnedSource::enabled() const
{
    int mode = SD_EVENT_OFF;
    return source_ && sd_event_source_get_enabled(source_, &mode) >= 0 && mode != SD_EVENT_OFF;
}

IoWatch::IoWatch(sd_event* event, int fd, std::uint32_t events, Handler onReady, const char* name)
    : onReady_(std::move(onReady)), name_(name)
{
    throwIfNegative(sd_event_add_io(event, source_.out(), fd, events, dispatch, this), name);
    sd_event_source_set_description(source_.get(), name);
}

void IoWatch::setEvents(std::uint32_t events)
{
    throwIfNegative(sd_event_source_set_io_events(source_.get(), events), name_);
}

int IoWatch::dispatch(sd_event_source* source, int, std::uint32_t revents, void* self)
{
    auto* w = static_cast<IoWatch*>(self);
    return guarded(source, w->name_, w->onReady_, revents);
}

MonotonicTimer::MonotonicTimer(sd_event* event, std::function<void()> onFire, const char* name, Duration accuracy)
    : onFire_(std::move(onFire)), name_(name)
{
    throwIfNegative(sd_event_add_time(event, source_.out(), CLOCK_MONOTONIC, 0,
                                      static_cast<std::uint64_t>(accuracy.count()), dispatch, this),
                    name);
    sd_event_source_set_description(source_.get(), name);
    source_.enable(SD_EVENT_OFF);
}

void MonotonicTimer::armAt(MonoTime at)
{
    // sd-event takes an unsigned absolute time; one in the past (a negative
    // one included) fires on the next iteration.
    const auto usec = static_cast<std::uint64_t>(std::max<std::int64_t>(at.usec, 0));
    throwIfNegative(sd_event_source_set_time(source_.get(), usec), name_);
    source_.enable(SD_EVENT_ONESHOT);
}

void MonotonicTimer::armIn(Duration delay)
{
    throwIfNegative(sd_event_source_set_time_relative(source_.get(), static_cast<std::uint64_t>(delay.count())), name_);
    source_.enable(SD_EVENT_ONESHOT);
}

int MonotonicTimer::dispatch(sd_event_source* source, std::uint64_t, void* self)
{
    auto* t = static_cast<MonotonicTimer*>(self);
    return guarded(source, t->name_, t->onFire_);
}

ChildWatch::ChildWatch(sd_event* event, pid_t pid, Handler onExit, const char* name)
    : onExit_(std::move(onExit)), name_(name)
{
    throwIfNegative(sd_event_add_child(event, source_.out(), pid, WEXITED, dispatch, this), name);
    sd_event_source_set_description(source_.get(), name);
}

int ChildWatch::dispatch(sd_event_source* source, const siginfo_t* info, void* self)
{
    auto* w = static_cast<ChildWatch*>(self);
    return guarded(source, w->name_, w->onExit_, *info);
}

DeferredWork::DeferredWork(sd_event* event, std::function<void()> work, const char* name, std::int64_t priority)
    : work_(std::move(work)), name_(name)
{
    throwIfNegative(sd_event_add_defer(event, source_.out(), dispatch, this), name);
    throwIfNegative(sd_event_source_set_priority(source_.get(), priority), name);
    sd_event_source_set_description(source_.get(), name);
    source_.enable(SD_EVENT_OFF);
}

int DeferredWork::dispatch(sd_event_source* source, void* self)
{
    auto* d = static_cast<DeferredWork*>(self);
    return guarded(source, d->name_, d->work_);
}

void blockChildSignals()
{
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    throwIfNegative(-pthread_sigmask(SIG_BLOCK, &chld, nullptr), "block SIGCHLD");
}

MonoTime loopNow(sd_event* event)
{
    std::uint64_t usec = 0;
    sd_event_now(event, CLOCK_MONOTONIC, &usec);
    return MonoTime{static_cast<std::int64_t>(usec)};
}

} // namespace pgm
