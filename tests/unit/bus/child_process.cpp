#include "child_process.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace pgmd::test {

namespace {

using Clock = std::chrono::steady_clock;

int millisLeft(Clock::time_point deadline)
{
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

// Only async-signal-safe calls between fork and exec: the test process has
// threads (bus event loops) whose locks the child must not touch.
[[noreturn]] void execChild(int outFd, const Identity* who, char* const* argv)
{
    if (dup2(outFd, STDOUT_FILENO) < 0 || dup2(outFd, STDERR_FILENO) < 0)
        _exit(126);
    if (who != nullptr) {
        // "0" moves the writer itself; done while still root.
        if (!who->cgroupProcs.empty()) {
            const int fd = open(who->cgroupProcs.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd < 0 || write(fd, "0", 1) != 1)
                _exit(126);
            close(fd);
        }
        if (setgroups(who->groups.size(), who->groups.data()) != 0 || setgid(who->gid) != 0 ||
            setuid(who->uid) != 0)
            _exit(126);
    }
    execv(argv[0], argv);
    _exit(127);
}

ChildResult runChild(const Identity* who, const std::vector<std::string>& args, std::chrono::milliseconds timeout)
{
    std::vector<char*> argv;
    for (const std::string& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe2 failed");
    const pid_t pid = fork();
    if (pid < 0)
        throw std::runtime_error("fork failed");
    if (pid == 0)
        execChild(fds[1], who, argv.data());
    close(fds[1]);

    const auto deadline = Clock::now() + timeout;
    ChildResult result;
    char buf[4096];
    pollfd pfd{fds[0], POLLIN, 0};
    while (poll(&pfd, 1, millisLeft(deadline)) > 0) {
        const ssize_t n = read(fds[0], buf, sizeof buf);
        if (n <= 0)
            break;
        result.output.append(buf, static_cast<std::size_t>(n));
    }
    close(fds[0]);

    const int status = reap(pid, std::chrono::milliseconds(millisLeft(deadline)));
    if (WIFEXITED(status))
        result.exitCode = WEXITSTATUS(status);
    return result;
}

} // namespace

int reap(pid_t pid, std::chrono::milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    int status = 0;
    for (;;) {
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return status;
        if (r < 0 && errno != EINTR)
            return -1;
        if (Clock::now() >= deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

ChildResult runAs(const Identity& who, const std::vector<std::string>& argv, std::chrono::milliseconds timeout)
{
    return runChild(&who, argv, timeout);
}

ChildResult runAs(uid_t uid, gid_t gid, const std::vector<std::string>& argv,
                  std::chrono::milliseconds timeout)
{
    const Identity who{uid, gid};
    return runChild(&who, argv, timeout);
}

ChildResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout)
{
    return runChild(nullptr, argv, timeout);
}

} // namespace pgmd::test
