#include "common/loop/event_loop.hpp"

#include "common/loop/bus_attachment.hpp"
#include "common/loop/sd_check.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <system_error>

#include <sdbus-c++/IConnection.h>

namespace pgm {
namespace {

// The engine's deadlines are CLOCK_MONOTONIC microseconds; sd-event wants an
// unsigned absolute time, where 0 means "already elapsed".
std::uint64_t toEventTime(MonoTime t)
{
    return t.usec > 0 ? static_cast<std::uint64_t>(t.usec) : 0;
}

} // namespace

EventLoop::EventLoop()
{
    throwIfNegative(sd_event_new(&event_), "sd_event_new");
    try {
        throwIfNegative(sd_event_set_watchdog(event_, true), "sd_event_set_watchdog");
        // Engine deadlines (activation and stop timeouts) are meant to be
        // sub-second; the default 250 ms slack would blur them.
        throwIfNegative(sd_event_add_time(event_, &deadlineSource_, CLOCK_MONOTONIC, 0, 1000, onDeadline, this),
              "sd_event_add_time (deadline)");
        throwIfNegative(sd_event_source_set_enabled(deadlineSource_, SD_EVENT_OFF), "disable deadline");
        throwIfNegative(sd_event_add_defer(event_, &deferSource_, onDeferred, this), "sd_event_add_defer");
        throwIfNegative(sd_event_source_set_enabled(deferSource_, SD_EVENT_OFF), "disable deferred work");
        // After everything else that is pending, so a burst of events is
        // handled before the work it asked for.
        throwIfNegative(sd_event_source_set_priority(deferSource_, SD_EVENT_PRIORITY_IDLE), "deferred work priority");
        throwIfNegative(sd_event_add_exit(event_, &exitSource_, onExit, this), "sd_event_add_exit");
    } catch (...) {
        sd_event_source_disable_unref(exitSource_);
        sd_event_source_disable_unref(deferSource_);
        sd_event_source_disable_unref(deadlineSource_);
        sd_event_unref(event_);
        throw;
    }
}

EventLoop::~EventLoop()
{
    buses_.clear();
    for (auto* s : signalSources_)
        sd_event_source_disable_unref(s);
    sd_event_source_disable_unref(exitSource_);
    sd_event_source_disable_unref(deferSource_);
    sd_event_source_disable_unref(deadlineSource_);
    sd_event_unref(event_);
}

void EventLoop::attach(sdbus::IConnection& connection)
{
    buses_.push_back(std::make_unique<BusAttachment>(*this, connection));
}

void EventLoop::detach(sdbus::IConnection& connection)
{
    std::erase_if(buses_, [&](const auto& b) { return &b->connection() == &connection; });
}

void EventLoop::setDeadline(std::optional<MonoTime> deadline, std::function<void()> onFire)
{
    if (!deadline) {
        deadlineHandler_ = nullptr;
        throwIfNegative(sd_event_source_set_enabled(deadlineSource_, SD_EVENT_OFF), "disable deadline");
        return;
    }
    deadlineHandler_ = std::move(onFire);
    throwIfNegative(sd_event_source_set_time(deadlineSource_, toEventTime(*deadline)), "set deadline");
    throwIfNegative(sd_event_source_set_enabled(deadlineSource_, SD_EVENT_ONESHOT), "enable deadline");
}

void EventLoop::defer(std::function<void()> work)
{
    deferred_.push_back(std::move(work));
    throwIfNegative(sd_event_source_set_enabled(deferSource_, SD_EVENT_ONESHOT), "enable deferred work");
}

void EventLoop::onSignals(std::function<void(int)> handler)
{
    signalHandler_ = std::move(handler);
    if (!signalSources_.empty())
        return;
    sigset_t mask;
    sigemptyset(&mask);
    for (int sig : {SIGTERM, SIGINT})
        sigaddset(&mask, sig);
    // sd-event reads signals through a signalfd, which only sees blocked ones.
    throwIfNegative(-pthread_sigmask(SIG_BLOCK, &mask, nullptr), "block signals");
    for (int sig : {SIGTERM, SIGINT}) {
        sd_event_source* s = nullptr;
        throwIfNegative(sd_event_add_signal(event_, &s, sig, onSignal, this), "sd_event_add_signal");
        signalSources_.push_back(s);
    }
}

int EventLoop::run()
{
    int r = sd_event_loop(event_);
    if (r < 0) {
        std::fprintf(stderr, "event loop failed: %s\n", std::generic_category().message(-r).c_str());
        return EXIT_FAILURE;
    }
    return r;
}

void EventLoop::exit(int code)
{
    sd_event_exit(event_, code);
}

void EventLoop::fail(const char* what)
{
    std::fprintf(stderr, "%s\n", what);
    sd_event_exit(event_, EXIT_FAILURE);
}

int EventLoop::onDeadline(sd_event_source*, std::uint64_t, void* self)
{
    auto* loop = static_cast<EventLoop*>(self);
    // A copy: the handler may replace itself by re-arming the deadline.
    auto handler = loop->deadlineHandler_;
    try {
        if (handler)
            handler();
    } catch (const std::exception& e) {
        loop->fail((std::string("deadline handler: ") + e.what()).c_str());
    }
    return 0;
}

void EventLoop::runDeferred()
{
    // Work may queue more work; that runs in a later round, after new events.
    auto batch = std::move(deferred_);
    deferred_.clear();
    for (auto& work : batch)
        work();
}

int EventLoop::onDeferred(sd_event_source*, void* self)
{
    auto* loop = static_cast<EventLoop*>(self);
    try {
        loop->runDeferred();
    } catch (const std::exception& e) {
        loop->fail((std::string("deferred work: ") + e.what()).c_str());
    }
    return 0;
}

int EventLoop::onExit(sd_event_source*, void* self)
{
    auto* loop = static_cast<EventLoop*>(self);
    try {
        while (!loop->deferred_.empty())
            loop->runDeferred();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "deferred work at exit: %s\n", e.what());
    }
    return 0;
}

int EventLoop::onSignal(sd_event_source*, const struct signalfd_siginfo* info, void* self)
{
    auto* loop = static_cast<EventLoop*>(self);
    try {
        if (loop->signalHandler_)
            loop->signalHandler_(static_cast<int>(info->ssi_signo));
    } catch (const std::exception& e) {
        loop->fail((std::string("signal handler: ") + e.what()).c_str());
    }
    return 0;
}

} // namespace pgm
