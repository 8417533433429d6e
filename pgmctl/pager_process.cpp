#include "pager_process.hpp"

#include "pager_choice.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pgmctl {

namespace {

// In the child, when the pager cannot run: the text must still be seen.
[[noreturn]] void copyThrough()
{
    char buffer[65536];
    for (;;) {
        ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            _exit(0);
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(STDOUT_FILENO, buffer + done, static_cast<std::size_t>(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                _exit(1);
            done += w;
        }
    }
}

[[noreturn]] void runPager(const std::vector<std::string>& argv, int readEnd, int writeEnd)
{
    dup2(readEnd, STDIN_FILENO);
    close(readEnd);
    close(writeEnd);
    setenv("LESS", kLessOptions, 0);  // 0: the user's own LESS wins

    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    copyThrough();
}

} // namespace

std::unique_ptr<PagerProcess> PagerProcess::start(const std::vector<std::string>& argv)
{
    int fds[2];
    if (argv.empty() || pipe2(fds, O_CLOEXEC) < 0)
        return nullptr;
    std::fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return nullptr;
    }
    if (pid == 0)
        runPager(argv, fds[0], fds[1]);

    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);

    // Ctrl-C belongs to the pager (less quits on it, K): pgmctl must not die
    // and hand the terminal back to the shell while the pager still runs.
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction previous {};
    sigaction(SIGINT, &ignore, &previous);
    return std::unique_ptr<PagerProcess>(new PagerProcess(pid, previous));
}

PagerProcess::PagerProcess(pid_t pid, struct sigaction previousSigint)
    : pid_(pid)
    , previousSigint_(previousSigint)
{
}

PagerProcess::~PagerProcess()
{
    std::fflush(stdout);
    close(STDOUT_FILENO);
    while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    sigaction(SIGINT, &previousSigint_, nullptr);
}

} // namespace pgmctl
