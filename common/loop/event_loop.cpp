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

// Engine deadlines (activation and stop timeouts) are meant to be sub-second;
// sd-event's default 250 ms slack would blur them.
constexpr Duration kDeadlineAccuracy = std::chrono::milliseconds(1);

} // namespace

EventLoop::Event::Event()
{
    throwIfNegative(sd_event_new(&event_), "sd_event_new");
}

EventLoop::Event::~Event()
{
    sd_event_unref(event_);
}

EventLoop::EventLoop()
    : deadline_(
          event_.get(),
          [this] {
              // A copy: the handler may replace itself by re-arming the deadline.
              if (auto handler = deadlineHandler_)
                  handler();
          },
          "deadline handler", kDeadlineAccuracy),
      // After everything else that is pending, so a burst of events is
      // handled before the work it asked for.
      deferredWork_(event_.get(), [this] { runDeferred(); }, "deferred work", SD_EVENT_PRIORITY_IDLE)
{
    throwIfNegative(sd_event_set_watchdog(event_.get(), true), "sd_event_set_watchdog");
    throwIfNegative(sd_event_add_exit(event_.get(), exitSource_.out(), onExit, this), "sd_event_add_exit");
}

EventLoop::~EventLoop()
{
    // The connections first: they may still hold sources on this loop.
    buses_.clear();
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
        deadline_.disarm();
        return;
    }
    deadlineHandler_ = std::move(onFire);
    deadline_.armAt(*deadline);
}

void EventLoop::defer(std::function<void()> work)
{
    deferred_.push_back(std::move(work));
    deferredWork_.trigger();
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
        auto source = std::make_unique<OwnedSource>();
        throwIfNegative(sd_event_add_signal(event_.get(), source->out(), sig, onSignal, this), "sd_event_add_signal");
        signalSources_.push_back(std::move(source));
    }
}

int EventLoop::run()
{
    int r = sd_event_loop(event_.get());
    if (r < 0) {
        std::fprintf(stderr, "event loop failed: %s\n", std::generic_category().message(-r).c_str());
        return EXIT_FAILURE;
    }
    return r;
}

void EventLoop::exit(int code)
{
    sd_event_exit(event_.get(), code);
}

void EventLoop::fail(const char* what)
{
    std::fprintf(stderr, "%s\n", what);
    sd_event_exit(event_.get(), EXIT_FAILURE);
}

void EventLoop::runDeferred()
{
    // Work may queue more work; that runs in a later round, after new events.
    auto batch = std::move(deferred_);
    deferred_.clear();
    for (auto& work : batch)
        work();
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
