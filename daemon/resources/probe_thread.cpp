#include "probe_thread.hpp"

#include "files/unique_fd.hpp"

#include <cerrno>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

#include <sys/eventfd.h>
#include <unistd.h>

namespace pgmd {

// Where probe threads leave their answers. It lives as long as the last
// thread that may still write to it.
struct ProbeThreads::Channel {
    pgm::files::UniqueFd fd;
    std::mutex mutex;
    std::deque<std::pair<std::uint64_t, ProbeResult>> answers;

    void post(std::uint64_t id, ProbeResult result)
    {
        {
            std::lock_guard lock(mutex);
            answers.emplace_back(id, std::move(result));
        }
        const std::uint64_t one = 1;
        [[maybe_unused]] const ssize_t n = ::write(fd.get(), &one, sizeof one);
    }
};

namespace {

[[noreturn]] void fail(int negativeErrno, const char* what)
{
    throw std::system_error(-negativeErrno, std::generic_category(), what);
}

std::string spanText(Duration d)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

} // namespace

ProbeThreads::ProbeThreads(sd_event* loop) : loop_(loop), channel_(std::make_shared<Channel>())
{
    channel_->fd = pgm::files::UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (channel_->fd.get() < 0)
        fail(-errno, "eventfd for resource probes");
    if (int r = sd_event_add_io(loop_, &answers_, channel_->fd.get(), EPOLLIN, onAnswers, this); r < 0)
        fail(r, "watching resource probes");
}

ProbeThreads::~ProbeThreads()
{
    for (auto& [id, w] : waiting_)
        sd_event_source_disable_unref(w->source);
    sd_event_source_disable_unref(answers_);
}

void ProbeThreads::run(const std::string& key, Probe probe, Duration timeout, Report report)
{
    const std::uint64_t id = nextId_++;
    auto w = std::make_unique<Waiting>();
    w->self = this;
    w->id = id;
    for (const auto& [other, runningKey] : running_)
        if (runningKey == key) {
            w->report = std::move(report);
            w->early = {false, "the previous check of " + key + " has not returned yet (a hung filesystem?)"};
            if (int r = sd_event_add_defer(loop_, &w->source, onRefusal, w.get()); r < 0)
                fail(r, "deferring a resource probe's answer");
            waiting_.emplace(id, std::move(w));
            return;
        }
    std::uint64_t now = 0;
    sd_event_now(loop_, CLOCK_MONOTONIC, &now);
    const std::uint64_t at = now + static_cast<std::uint64_t>(timeout.count());
    if (int r = sd_event_add_time(loop_, &w->source, CLOCK_MONOTONIC, at, 0, onTimeout, w.get()); r < 0)
        fail(r, "timing a resource probe");
    w->report = std::move(report);
    w->early = {false, "no answer within " + spanText(timeout) + " (a hung filesystem?)"};
    waiting_.emplace(id, std::move(w));
    running_[id] = key;
    std::thread([channel = channel_, id, probe = std::move(probe)] { channel->post(id, probe()); }).detach();
}

void ProbeThreads::report(std::uint64_t id, const ProbeResult& result)
{
    auto it = waiting_.find(id);
    if (it == waiting_.end())
        return;  // answered late, after its timeout was reported
    std::unique_ptr<Waiting> w = std::move(it->second);
    waiting_.erase(it);
    sd_event_source_disable_unref(w->source);
    w->report(result);
}

int ProbeThreads::onAnswers(sd_event_source*, int fd, std::uint32_t, void* userdata)
{
    auto* self = static_cast<ProbeThreads*>(userdata);
    std::uint64_t count = 0;
    [[maybe_unused]] const ssize_t n = ::read(fd, &count, sizeof count);
    std::deque<std::pair<std::uint64_t, ProbeResult>> answers;
    {
        std::lock_guard lock(self->channel_->mutex);
        answers.swap(self->channel_->answers);
    }
    for (auto& [id, result] : answers) {
        self->running_.erase(id);
        self->report(id, result);
    }
    return 0;
}

int ProbeThreads::onTimeout(sd_event_source*, std::uint64_t, void* userdata)
{
    auto* w = static_cast<Waiting*>(userdata);
    w->self->report(w->id, w->early);
    return 0;
}

int ProbeThreads::onRefusal(sd_event_source*, void* userdata)
{
    auto* w = static_cast<Waiting*>(userdata);
    w->self->report(w->id, w->early);
    return 0;
}

} // namespace pgmd
