#include "private_bus.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

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

    pid_ = ::fork();
    if (pid_ == 0) {
        // The loop under test may have blocked SIGTERM; the daemon must not inherit that.
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        std::string arg = "--config-file=" + configFile;
        ::execl(daemonBinary, daemonBinary, arg.c_str(), "--nofork", "--nopidfile", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    if (pid_ < 0) {
        whyNot_ = "fork failed";
        return;
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!std::filesystem::exists(socket_)) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            whyNot_ = "dbus-daemon exited at start";
            return;
        }
        if (std::chrono::steady_clock::now() > deadline) {
            whyNot_ = "dbus-daemon did not create its socket within 10 s";
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
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
