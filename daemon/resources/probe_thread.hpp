#pragma once
// Runs a probe that may block (stat or statvfs on a hung network filesystem)
// on a thread of its own, so that the event loop, and with it the heartbeats
// to the independent computer, never waits on a filesystem. A probe that has
// not answered within its timeout is reported as a failure; its thread is left
// to finish (a thread in uninterruptible sleep cannot be stopped), and no
// second probe of the same resource starts while it hangs.

#include "probes.hpp"

#include "core/time.hpp"

#include "common/loop/event_sources.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <systemd/sd-event.h>

namespace pgmd {

class ProbeThreads {
public:
    using Probe = std::function<ProbeResult()>;
    using Report = std::function<void(const ProbeResult&)>;

    // Throws std::system_error if the loop cannot watch for answers.
    explicit ProbeThreads(sd_event* loop);
    ProbeThreads(const ProbeThreads&) = delete;
    ProbeThreads& operator=(const ProbeThreads&) = delete;

    // `report` runs once, on the loop, never from inside this call: with the
    // probe's answer, or with a failure once `timeout` has passed.
    void run(const std::string& key, Probe probe, Duration timeout, Report report);

    // Threads that have not returned yet, answered in time or not.
    std::size_t threadsRunning() const { return running_.size(); }

private:
    struct Channel;
    static std::shared_ptr<Channel> newChannel();
    struct Waiting {
        Report report;
        ProbeResult early;  // what its timeout, or its refusal, reports
        std::unique_ptr<pgm::MonotonicTimer> timer;  // its timeout, or the refusal on the next iteration
    };
    void onAnswers();
    void report(std::uint64_t id, const ProbeResult& result);
    void waitFor(std::uint64_t id, Report report, ProbeResult early, pgm::MonoTime until);

    sd_event* loop_;
    std::shared_ptr<Channel> channel_;  // shared with the threads, which may outlive this
    pgm::IoWatch answers_;
    std::uint64_t nextId_ = 1;
    std::map<std::uint64_t, std::unique_ptr<Waiting>> waiting_;
    std::map<std::uint64_t, std::string> running_;  // id -> key, until its thread returns
};

} // namespace pgmd
