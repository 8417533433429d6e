#pragma once
// SIGINT and SIGTERM as a file descriptor that an event loop polls next to
// the bus, blocked as signals for as long as this object lives.

#include <csignal>

namespace pgmctl {

class TerminationSignals {
public:
    TerminationSignals();
    ~TerminationSignals();
    TerminationSignals(const TerminationSignals&) = delete;
    TerminationSignals& operator=(const TerminationSignals&) = delete;

    int fd() const { return fd_; }

    // True once SIGINT or SIGTERM came (call when fd() is readable).
    bool arrived() const;

private:
    sigset_t set_{};
    sigset_t previous_{};
    int fd_ = -1;
};

} // namespace pgmctl
