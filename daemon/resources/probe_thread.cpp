#include "probe_thread.hpp"

#include "common/files/unique_fd.hpp"
#include "common/ini/timespan.hpp"

#include <cerrno>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

#include <sys/epoll.h>
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

std::shared_ptr<ProbeThreads::Channel> ProbeThreads::newChannel()
{
    auto channel = std::make_shared<ProbeThreads::Channel>();
    channel->fd = pgm::files::UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (channel->fd.get() < 0)
        throw std::system_error(errno, std::generic_category(), "eventfd for resource probes");
    return channel;
}

ProbeThreads::ProbeThreads(sd_event* loop)
    : loop_(loop), channel_(newChannel()),
      answers_(loop, channel_->fd.get(), EPOLLIN, [this](std::uint32_t) { onAnswers(); }, "resource probe answers")
{
}

void ProbeThreads::waitFor(std::uint64_t id, Report report, ProbeResult early, pgm::MonoTime until)
{
    auto w = std::make_unique<Waiting>();
    w->report = std::move(report);
    w->early = std::move(early);
    w->timer = std::make_unique<pgm::MonotonicTimer>(
        loop_, [this, id] { this->report(id, waiting_.at(id)->early); }, "resource probe timeout");
    w->timer->armAt(until);
    waiting_.emplace(id, std::move(w));
}

void ProbeThreads::run(const std::string& key, Probe probe, Duration timeout, Report report)
{
    const std::uint64_t id = nextId_++;
    const pgm::MonoTime now = pgm::loopNow(loop_);
    for (const auto& [other, runningKey] : running_)
        if (runningKey == key) {
            // Refused on the next iteration: the report never comes from inside this call.
            waitFor(id, std::move(report),
                    {false, "the previous check of " + key + " has not returned yet (a hung filesystem?)"}, now);
            return;
        }
    waitFor(id, std::move(report), {false, "no answer within " + pgm::formatTimespan(timeout) + " (a hung filesystem?)"},
            now + timeout);
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
    w->report(result);
}

void ProbeThreads::onAnswers()
{
    std::uint64_t count = 0;
    [[maybe_unused]] const ssize_t n = ::read(channel_->fd.get(), &count, sizeof count);
    std::deque<std::pair<std::uint64_t, ProbeResult>> answers;
    {
        std::lock_guard lock(channel_->mutex);
        answers.swap(channel_->answers);
    }
    for (auto& [id, result] : answers) {
        running_.erase(id);
        report(id, result);
    }
}

} // namespace pgmd
