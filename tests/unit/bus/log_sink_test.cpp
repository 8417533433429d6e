// Where log entries end up: the journal's socket when it listens, stderr
// otherwise. Each case runs in a child with a private mount namespace and an
// empty tmpfs on /run, so it plays journald without touching the host's.

#include "child_process.hpp"

#include "log/journal.hpp"
#include "log/message_ids.hpp"
#include "common/log/sink.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <poll.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pgmd::log {
namespace {

using namespace std::chrono_literals;

constexpr int kNoNamespace = 77;

struct Outcome {
    int exitCode = -1;
    std::string written;  // what the child wrote to the pipe
};

// Runs `body` in a child whose /run is private and empty; `body` gets the
// write end of a pipe the parent reads.
Outcome inPrivateRun(const std::function<int(int out)>& body)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return {};
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        if (unshare(CLONE_NEWNS) != 0 || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
            _exit(kNoNamespace);
        _exit(body(fds[1]));
    }
    close(fds[1]);
    Outcome o;
    char buf[65536];
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    pollfd pfd{fds[0], POLLIN, 0};
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || poll(&pfd, 1, static_cast<int>(left.count())) <= 0)
            break;
        const ssize_t n = read(fds[0], buf, sizeof buf);
        if (n <= 0)
            break;
        o.written.append(buf, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    const int status = test::reap(pid, 5s);
    if (WIFEXITED(status))
        o.exitCode = WEXITSTATUS(status);
    return o;
}

int bindJournalSocket()
{
    std::filesystem::create_directories(std::filesystem::path(pgm::log::kJournalSocket).parent_path());
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, pgm::log::kJournalSocket, sizeof addr.sun_path - 1);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        return -1;
    return fd;
}

// Journal native protocol: "KEY=value\n", or "KEY\n" + 64-bit little-endian
// length + value + "\n" for values with newlines.
std::map<std::string, std::string> parseDatagram(const std::string& d)
{
    std::map<std::string, std::string> fields;
    std::size_t pos = 0;
    while (pos < d.size()) {
        const std::size_t nl = d.find('\n', pos);
        const std::size_t eq = d.find('=', pos);
        if (nl == std::string::npos)
            break;
        if (eq != std::string::npos && eq < nl) {
            fields[d.substr(pos, eq - pos)] = d.substr(eq + 1, nl - eq - 1);
            pos = nl + 1;
            continue;
        }
        const std::string key = d.substr(pos, nl - pos);
        std::uint64_t len = 0;
        std::memcpy(&len, d.data() + nl + 1, sizeof len);  // little-endian hosts only, as journald
        fields[key] = d.substr(nl + 1 + sizeof len, len);
        pos = nl + 1 + sizeof len + len + 1;
    }
    return fields;
}

// Sends one entry with the journal socket listening and returns what arrived.
Outcome sendToFakeJournal(const std::function<void()>& logSomething)
{
    return inPrivateRun([&](int out) {
        const int sock = bindJournalSocket();
        if (sock < 0)
            return 2;
        // stderr must stay silent when the journal listens.
        const int devnull = open("/dev/null", O_WRONLY);
        dup2(out, STDERR_FILENO);
        logSomething();
        dup2(devnull, STDERR_FILENO);
        pollfd pfd{sock, POLLIN, 0};
        if (poll(&pfd, 1, 5000) != 1)
            return 3;
        char buf[65536];
        const ssize_t n = recv(sock, buf, sizeof buf, 0);
        if (n <= 0)
            return 4;
        const std::string datagram(buf, static_cast<std::size_t>(n));
        const std::string framed = "DATAGRAM:" + datagram;
        return ::write(out, framed.data(), framed.size()) == static_cast<ssize_t>(framed.size()) ? 0 : 5;
    });
}

#define SKIP_WITHOUT_NAMESPACES(outcome)                                                           \
    if ((outcome).exitCode == kNoNamespace)                                                       \
    GTEST_SKIP() << "needs root to make a private mount namespace"

TEST(LogSink, TransitionReachesTheJournalWithItsFields)
{
    const Outcome o = sendToFakeJournal(
        [] { transition("billing", "application", "active", "unavailable", "billing-api.service failed"); });
    SKIP_WITHOUT_NAMESPACES(o);
    ASSERT_EQ(o.exitCode, 0) << o.written;
    ASSERT_EQ(o.written.rfind("DATAGRAM:", 0), 0u) << "wrote to stderr: " << o.written;
    const auto f = parseDatagram(o.written.substr(9));
    EXPECT_EQ(f.at("MESSAGE_ID"), ids::kStateChanged);
    EXPECT_EQ(f.at("MESSAGE"), "Group billing changed state from active to unavailable: billing-api.service failed");
    EXPECT_EQ(f.at("PRIORITY"), "5");
    EXPECT_EQ(f.at("GROUP"), "billing");
    EXPECT_EQ(f.at("LAYER"), "application");
    EXPECT_EQ(f.at("STATE"), "unavailable");
    EXPECT_EQ(f.at("OLD_STATE"), "active");
    EXPECT_EQ(f.at("REASON"), "billing-api.service failed");
    EXPECT_FALSE(f.count("CODE_FILE")) << "location fields name only the log's own file";
}

TEST(LogSink, EscalationReachesTheJournalWithItsFields)
{
    const Outcome o = sendToFakeJournal([] { escalation("", "", "reboot", "platform group db failed\ntwice"); });
    SKIP_WITHOUT_NAMESPACES(o);
    ASSERT_EQ(o.exitCode, 0) << o.written;
    ASSERT_EQ(o.written.rfind("DATAGRAM:", 0), 0u) << "wrote to stderr: " << o.written;
    const auto f = parseDatagram(o.written.substr(9));
    EXPECT_EQ(f.at("MESSAGE_ID"), ids::kReboot);
    EXPECT_EQ(f.at("PRIORITY"), "3");
    EXPECT_EQ(f.at("STEP"), "reboot");
    EXPECT_EQ(f.at("REASON"), "platform group db failed\ntwice");
    EXPECT_FALSE(f.count("GROUP"));
}

TEST(LogSink, PlainMessagesReachTheJournal)
{
    const Outcome o = sendToFakeJournal([] { warning("state directory is read-only"); });
    SKIP_WITHOUT_NAMESPACES(o);
    ASSERT_EQ(o.exitCode, 0) << o.written;
    const auto f = parseDatagram(o.written.substr(9));
    EXPECT_EQ(f.at("MESSAGE"), "state directory is read-only");
    EXPECT_EQ(f.at("PRIORITY"), "4");
}

Outcome logToStderr(bool deadSocket, const std::function<void()>& logSomething)
{
    return inPrivateRun([&](int out) {
        if (deadSocket) {
            // The socket file exists but nothing reads it: journald stopped.
            const int sock = bindJournalSocket();
            if (sock < 0)
                return 2;
            close(sock);
        }
        dup2(out, STDERR_FILENO);
        logSomething();
        return 0;
    });
}

TEST(LogSink, WithoutAJournalEverythingGoesToStderr)
{
    const Outcome o = logToStderr(false, [] {
        info("pgmd started");
        transition("billing", "application", "init", "active", "ready");
        escalation("billing", "application", "restart-process", "billing-api.service failed");
        error("cannot read /etc/pgmd/pgmd.conf");
    });
    SKIP_WITHOUT_NAMESPACES(o);
    EXPECT_EQ(o.exitCode, 0);
    EXPECT_EQ(o.written, "pgmd started\n"
                         "Group billing changed state from init to active: ready\n"
                         "warning: Group billing: restarting a failed process: billing-api.service failed\n"
                         "error: cannot read /etc/pgmd/pgmd.conf\n");
}

TEST(LogSink, AJournalThatDoesNotListenFallsBackToStderr)
{
    const Outcome o = logToStderr(true, [] { warning("slow start"); });
    SKIP_WITHOUT_NAMESPACES(o);
    EXPECT_EQ(o.exitCode, 0);
    EXPECT_EQ(o.written, "warning: slow start\n");
}

} // namespace
} // namespace pgmd::log
