#include "termination_signals.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/signalfd.h>
#include <unistd.h>

namespace pgmctl {

TerminationSignals::TerminationSignals()
{
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigprocmask(SIG_BLOCK, &set_, &previous_);
    fd_ = signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd_ < 0) {
        int error = errno;
        sigprocmask(SIG_SETMASK, &previous_, nullptr);
        throw std::runtime_error(std::string("signalfd: ") + std::strerror(error));
    }
}

TerminationSignals::~TerminationSignals()
{
    close(fd_);
    sigprocmask(SIG_SETMASK, &previous_, nullptr);
}

bool TerminationSignals::arrived() const
{
    // Reading takes the signal off the pending set; left there, unblocking
    // it in the destructor would still deliver it and kill the process.
    signalfd_siginfo info{};
    return read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info);
}

} // namespace pgmctl
