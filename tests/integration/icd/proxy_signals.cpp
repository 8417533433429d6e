#include "proxy_signals.hpp"

#include <cerrno>
#include <csignal>
#include <map>
#include <sys/signalfd.h>
#include <system_error>
#include <unistd.h>

namespace icd::test {

namespace {

const std::map<int, ProxyCommand>& commands()
{
    static const std::map<int, ProxyCommand> table{
        {SIGTERM, ProxyCommand::Stop},
        {SIGINT, ProxyCommand::Stop},
        {SIGHUP, ProxyCommand::Stop},
        {SIGUSR1, ProxyCommand::PauseFaults},
        {SIGUSR2, ProxyCommand::ResumeFaults},
    };
    return table;
}

} // namespace

ProxySignals::ProxySignals()
{
    sigset_t set;
    sigemptyset(&set);
    for (const auto& [signal, command] : commands()) {
        std::signal(signal, SIG_DFL);
        sigaddset(&set, signal);
    }
    if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0)
        throw std::system_error(errno, std::generic_category(), "sigprocmask");
    fd_ = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd_ < 0)
        throw std::system_error(errno, std::generic_category(), "signalfd");
}

ProxySignals::~ProxySignals()
{
    close(fd_);
}

std::vector<ProxyCommand> ProxySignals::take()
{
    std::vector<ProxyCommand> out;
    signalfd_siginfo info{};
    while (read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info))
        out.push_back(commands().at(static_cast<int>(info.ssi_signo)));
    return out;
}

} // namespace icd::test
