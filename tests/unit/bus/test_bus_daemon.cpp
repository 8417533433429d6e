#include "test_bus_daemon.hpp"

#include "child_process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <poll.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace pgmd::test {

namespace {

constexpr int kAddressFd = 3;
constexpr auto kStartTimeout = std::chrono::seconds(10);

// The daemon prints its address once it listens; reading it is the
// readiness signal.
std::string readLine(int fd, std::chrono::steady_clock::time_point deadline)
{
    std::string line;
    char c = 0;
    pollfd pfd{fd, POLLIN, 0};
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || poll(&pfd, 1, static_cast<int>(left.count())) <= 0)
            return {};
        if (read(fd, &c, 1) != 1)
            return {};
        if (c == '\n')
            return line;
        line += c;
    }
}

} // namespace

TestBusDaemon::TestBusDaemon(const std::string& configFile)
{
    char dirTemplate[] = "/tmp/pgmd-test-bus-XXXXXX";
    if (mkdtemp(dirTemplate) == nullptr)
        throw std::runtime_error("mkdtemp failed");
    dir_ = dirTemplate;
    // Other users must reach the socket: tests call in as nobody.
    chmod(dir_.c_str(), 0755);

    const std::vector<std::string> args{
        DBUS_DAEMON_PATH,
        "--config-file=" + configFile,
        "--address=unix:dir=" + dir_,
        "--nofork",
        "--nopidfile",
        "--print-address=" + std::to_string(kAddressFd),
    };
    std::vector<char*> argv;
    for (const std::string& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    // Its complaints (a config that does not parse, a raised fd limit it may
    // not have) go to a file, shown only when it fails to start.
    const std::string logFile = dir_ + "/dbus-daemon.log";
    const int logFd = open(logFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int fds[2];
    if (logFd < 0 || pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error("cannot set up dbus-daemon's output");
    pid_ = fork();
    if (pid_ < 0)
        throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        // A test that crashes must not leave its bus behind.
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
            _exit(126);
        // stderr first: the log may sit on the number the address fd takes.
        // dup2 leaves the copies open across exec, except onto themselves.
        if (dup2(logFd, STDERR_FILENO) < 0)
            _exit(126);
        if (fds[1] == kAddressFd ? fcntl(kAddressFd, F_SETFD, 0) < 0 : dup2(fds[1], kAddressFd) < 0)
            _exit(126);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(fds[1]);
    close(logFd);
    address_ = readLine(fds[0], std::chrono::steady_clock::now() + kStartTimeout);
    close(fds[0]);
    if (address_.rfind("unix:", 0) != 0) {
        kill(pid_, SIGKILL);
        reap(pid_, std::chrono::seconds(5));
        std::ifstream log(logFile);
        const std::string why((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
        std::filesystem::remove_all(dir_);
        throw std::runtime_error("dbus-daemon did not start with " + configFile + ": " + why);
    }
}

TestBusDaemon::~TestBusDaemon()
{
    kill(pid_, SIGTERM);
    reap(pid_, std::chrono::seconds(5));
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

} // namespace pgmd::test
