#pragma once
// Runs a probe that may block (stat or statvfs on a hung network filesystem)
// on a thread of its own, so that the event loop, and with it the heartbeats
// to the independent computer, never waits on a filesystem. A probe that has
// not answered within its timeout is reported as a failure; its thread is left
// to finish (a thread in uninterruptible sleep cannot be stopped), and no
// second probe of the same resource starts while it hangs.

#include "probes.hpp"

#include "core/time.hpp"

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
    ~ProbeThreads();
    ProbeThreads(const ProbeThreads&) = delete;
    ProbeThreads& operator=(const ProbeThreads&) = delete;

    // `report` runs once, on the loop, never from inside this call: with the
    // probe's answer, or with a failure once `timeout` has passed.
    void run(const std::string& key, Probe probe, Duration timeout, Report report);

    // Threads that have not returned yet, answered in time or not.
    std::size_t threadsRunning() const { return running_.size(); }

private:
    struct Channel;
    struct Waiting {
        ProbeThreads* self = nullptr;
        std::uint64_t id = 0;
        Report report;
        ProbeResult early;                  // what its timeout, or its refusal, reports
        sd_event_source* source = nullptr;  // its timeout, or the deferred refusal
    };
    static int onAnswers(sd_event_source*, int, std::uint32_t, void* self);
    static int onTimeout(sd_event_source*, std::uint64_t, void* waiting);
    static int onRefusal(sd_event_source*, void* waiting);
    void report(std::uint64_t id, const ProbeResult& result);

    sd_event* loop_;
    std::shared_ptr<Channel> channel_;  // shared with the threads, which may outlive this
    sd_event_source* answers_ = nullptr;
    std::uint64_t nextId_ = 1;
    std::map<std::uint64_t, std::unique_ptr<Waiting>> waiting_;
    std::map<std::uint64_t, std::string> running_;  // id -> key, until its thread returns
};

} // namespace pgmd
