#include "private_bus.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pgmd::test {
namespace {

constexpr const char* daemonBinary = "/usr/bin/dbus-daemon";

std::string config(const std::string& socket)
{
    // Everyone may own and call anything: the tests play systemd themselves.
    // Limits stay at dbus-daemon's defaults, which are the system bus's.
    return "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
           " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
           "<busconfig>\n"
           "  <type>session</type>\n"
           "  <listen>unix:path=" + socket + "</listen>\n"
           "  <auth>EXTERNAL</auth>\n"
           "  <policy context=\"default\">\n"
           "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
           "    <allow eavesdrop=\"true\"/>\n"
           "    <allow own=\"*\"/>\n"
           "  </policy>\n"
           "</busconfig>\n";
}

} // namespace

PrivateBus::PrivateBus()
{
    if (::access(daemonBinary, X_OK) != 0) {
        whyNot_ = std::string(daemonBinary) + " is not installed";
        return;
    }
    char dirTemplate[] = "/tmp/pgmd-bus.XXXXXX";
    if (!::mkdtemp(dirTemplate)) {
        whyNot_ = "cannot create a temporary directory";
        return;
    }
    directory_ = dirTemplate;
    socket_ = directory_ + "/socket";
    std::string configFile = directory_ + "/bus.conf";
    std::ofstream(configFile) << config(socket_);

    // dbus-daemon prints its address once it listens: the only reliable
    // readiness signal (the socket file appears before listen()).
    int ready[2];
    if (::pipe(ready) != 0) {
        whyNot_ = "pipe failed";
        return;
    }
    pid_ = ::fork();
    if (pid_ == 0) {
        // The loop under test may have blocked SIGTERM; the daemon must not inherit that.
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::close(ready[0]);
        std::string arg = "--config-file=" + configFile;
        std::string print = "--print-address=" + std::to_string(ready[1]);
        ::execl(daemonBinary, daemonBinary, arg.c_str(), print.c_str(), "--nofork", "--nopidfile",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(ready[1]);
    if (pid_ < 0) {
        ::close(ready[0]);
        whyNot_ = "fork failed";
        return;
    }
    pollfd pfd{ready[0], POLLIN, 0};
    char c = 0;
    const bool printed = ::poll(&pfd, 1, 10'000) == 1 && ::read(ready[0], &c, 1) == 1;
    ::close(ready[0]);
    if (!printed) {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
        whyNot_ = "dbus-daemon did not start listening within 10 s";
    }
}

PrivateBus::~PrivateBus()
{
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    if (!directory_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(directory_, ec);
    }
}

} // namespace pgmd::test
