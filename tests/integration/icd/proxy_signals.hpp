#pragma once
// The signals icd-fault-proxy obeys, read through a signalfd in its poll
// loop: SIGTERM, SIGINT and SIGHUP stop it; SIGUSR1 pauses fault injection,
// SIGUSR2 resumes it.

#include <vector>

namespace icd::test {

enum class ProxyCommand { Stop, PauseFaults, ResumeFaults };

class ProxySignals {
public:
    // Blocks the signals (after restoring their default action: a signal
    // ignored by whoever started the proxy would never reach the signalfd).
    // Throws std::system_error.
    ProxySignals();
    ~ProxySignals();
    ProxySignals(const ProxySignals&) = delete;
    ProxySignals& operator=(const ProxySignals&) = delete;

    int fd() const { return fd_; }
    // Every signal pending now; never blocks. The kernel keeps one of each
    // and hands them out by number, not in arrival order: a sender that
    // pauses and resumes in quick succession waits until the proxy took the
    // first signal (it leaves the process's pending set) before the second.
    std::vector<ProxyCommand> take();

private:
    int fd_ = -1;
};

} // namespace icd::test
